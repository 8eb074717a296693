/** A label or field selector that does not parse or validate; the message is upstream's. */
export class SelectorError extends Error {
  override name = "SelectorError";
}
