/**
 * Field path elements as structured-merge-diff encodes them in FieldsV1: "f:<field>",
 * "k:<json of key fields, sorted by name>", "v:<json value>", "i:<index>". Elements are
 * kept as their encoded strings; compareElements gives upstream's sort order.
 */

export type PathElement = string;
export type FieldPath = readonly PathElement[];

const fieldElements = new Map<string, PathElement>();

export function fieldElement(name: string): PathElement {
  let pe = fieldElements.get(name);
  if (pe === undefined) {
    pe = `f:${name}`;
    if (fieldElements.size < 100000) fieldElements.set(name, pe);
  }
  return pe;
}

/** A map-list item's key: the key fields in name order, compact JSON. */
export function keyElement(fields: Readonly<Record<string, unknown>>): PathElement {
  const sorted: Record<string, unknown> = {};
  for (const k of Object.keys(fields).sort()) sorted[k] = fields[k];
  return `k:${JSON.stringify(sorted)}`;
}

const keyPrefixes = new Map<string, string>();

/** keyElement({ [name]: v }) without the intermediate object, for the common one-key lists. */
export function singleKeyElement(name: string, v: unknown): PathElement {
  if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") return keyElement({ [name]: v });
  let prefix = keyPrefixes.get(name);
  if (prefix === undefined) {
    prefix = `k:{${JSON.stringify(name)}:`;
    if (keyPrefixes.size < 1000) keyPrefixes.set(name, prefix);
  }
  return `${prefix}${JSON.stringify(v)}}`;
}

export function valueElement(v: unknown): PathElement {
  return `v:${JSON.stringify(v)}`;
}

export function indexElement(i: number): PathElement {
  return `i:${i}`;
}

/** Canonical form of an element read from stored FieldsV1 (re-sorts key JSON). */
export function canonicalElement(pe: string): PathElement | undefined {
  if (pe.startsWith("f:")) return pe;
  if (pe.startsWith("i:")) return /^i:-?\d+$/.test(pe) ? pe : undefined;
  try {
    if (pe.startsWith("k:")) {
      const v = JSON.parse(pe.slice(2));
      return v !== null && typeof v === "object" && !Array.isArray(v) ? keyElement(v) : undefined;
    }
    if (pe.startsWith("v:")) return valueElement(JSON.parse(pe.slice(2)));
  } catch {
    return undefined;
  }
  return undefined;
}

const TYPE_RANK: Record<string, number> = { f: 0, k: 1, v: 2, i: 3 };

function valueRank(v: unknown): number {
  if (typeof v === "number") return 0;
  if (typeof v === "string") return 1;
  if (typeof v === "boolean") return 2;
  if (Array.isArray(v)) return 3;
  if (v !== null && typeof v === "object") return 4;
  return 5;
}

/** value.Compare: a total order across JSON values. */
export function compareValues(a: unknown, b: unknown): number {
  const ra = valueRank(a);
  const rb = valueRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 0:
      return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
    case 1:
      return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
    case 2:
      return a === b ? 0 : a === false ? -1 : 1;
    case 3: {
      const x = a as unknown[];
      const y = b as unknown[];
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const c = compareValues(x[i], y[i]);
        if (c) return c;
      }
      return x.length - y.length < 0 ? -1 : x.length > y.length ? 1 : 0;
    }
    case 4: {
      const x = a as Record<string, unknown>;
      const y = b as Record<string, unknown>;
      const kx = Object.keys(x).sort();
      const ky = Object.keys(y).sort();
      for (let i = 0; i < Math.min(kx.length, ky.length); i++) {
        const ka = kx[i] as string;
        const kb = ky[i] as string;
        if (ka !== kb) return ka < kb ? -1 : 1;
        const c = compareValues(x[ka], y[kb]);
        if (c) return c;
      }
      return kx.length < ky.length ? -1 : kx.length > ky.length ? 1 : 0;
    }
    default:
      return 0;
  }
}

/** PathElement.Compare: fields < keys < values < indices, then by content. */
export function compareElements(a: PathElement, b: PathElement): number {
  if (a === b) return 0;
  if (a.charCodeAt(0) === 102 && b.charCodeAt(0) === 102) return a < b ? -1 : 1;
  const ta = TYPE_RANK[a[0] as string] ?? 9;
  const tb = TYPE_RANK[b[0] as string] ?? 9;
  if (ta !== tb) return ta < tb ? -1 : 1;
  switch (a[0]) {
    case "f":
      return a < b ? -1 : 1;
    case "i":
      return Number(a.slice(2)) - Number(b.slice(2)) < 0 ? -1 : 1;
    case "k": {
      const x = JSON.parse(a.slice(2)) as Record<string, unknown>;
      const y = JSON.parse(b.slice(2)) as Record<string, unknown>;
      const kx = Object.keys(x);
      const ky = Object.keys(y);
      for (let i = 0; i < Math.max(kx.length, ky.length); i++) {
        if (i >= kx.length) return -1;
        if (i >= ky.length) return 1;
        const na = kx[i] as string;
        const nb = ky[i] as string;
        if (na !== nb) return na < nb ? -1 : 1;
        const c = compareValues(x[na], y[nb]);
        if (c) return c;
      }
      return 0;
    }
    default:
      return compareValues(JSON.parse(a.slice(2)), JSON.parse(b.slice(2)));
  }
}

function displayValue(v: unknown): string {
  if (v === null) return "null";
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(displayValue).join(",")}]`;
  if (typeof v === "object") return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${k}=${displayValue(x)}`).join(",")}}`;
  return String(v);
}

/** fieldpath.Path.String(): .spec.containers[name="nginx"].image, [=value], [0]. */
export function pathString(path: FieldPath): string {
  let out = "";
  for (const pe of path) {
    const body = pe.slice(2);
    switch (pe[0]) {
      case "f":
        out += `.${body}`;
        break;
      case "k":
        out += `[${Object.entries(JSON.parse(body) as Record<string, unknown>)
          .map(([k, v]) => `${k}=${displayValue(v)}`)
          .join(",")}]`;
        break;
      case "v":
        out += `[=${displayValue(JSON.parse(body))}]`;
        break;
      case "i":
        out += `[${body}]`;
        break;
    }
  }
  return out;
}
