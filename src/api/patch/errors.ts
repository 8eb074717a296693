/**
 * A patch that cannot be applied. `status` is the HTTP code upstream answers with:
 * 400 for malformed patches, 422 when a well-formed patch does not apply, 500 where
 * upstream passes the merge error through unclassified.
 */
export class PatchError extends Error {
  override name = "PatchError";
  constructor(
    message: string,
    readonly status: 400 | 422 | 500 = 422,
  ) {
    super(message);
  }
}

/** Go's %v of a decoded JSON value (map[a:1 b:[x y]]), used in upstream's merge errors. */
export function goValueString(v: unknown): string {
  if (v === null || v === undefined) return "<nil>";
  if (Array.isArray(v)) return `[${v.map(goValueString).join(" ")}]`;
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    return `map[${Object.keys(o)
      .sort()
      .map((k) => `${k}:${goValueString(o[k])}`)
      .join(" ")}]`;
  }
  return String(v);
}
