/**
 * Items of a built-in resource's list are written without their kind and apiVersion, as
 * kube-apiserver writes them (the list says both once; kubernetes/kubernetes#3030). The
 * cached JSON of an object starts with the two, in either order, so an item is the same
 * bytes from just after them: no copy, no parse. Anything else is written whole.
 */
const utf8 = new TextEncoder();

export interface TypeMetaPrefixes {
  /** `{"apiVersion":"v1","kind":"Pod",` and `{"kind":"Pod","apiVersion":"v1",`. */
  readonly prefixes: readonly Uint8Array[];
}

export function typeMetaPrefixes(apiVersion: string, kind: string): TypeMetaPrefixes {
  const av = `"apiVersion":${JSON.stringify(apiVersion)}`;
  const k = `"kind":${JSON.stringify(kind)}`;
  return { prefixes: [utf8.encode(`{${av},${k},`), utf8.encode(`{${k},${av},`)] };
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = prefix.length - 1; i >= 0; i--) if (bytes[i] !== prefix[i]) return false;
  return true;
}

/**
 * The item's JSON without its kind and apiVersion: `rest` follows a "{" the caller writes
 * (undefined when the object does not start with them, and is written whole).
 */
export function itemRest(bytes: Uint8Array, p: TypeMetaPrefixes): Uint8Array | undefined {
  for (const prefix of p.prefixes) if (startsWith(bytes, prefix)) return bytes.subarray(prefix.length);
  return undefined;
}
