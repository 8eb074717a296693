/** Freezes `v` and everything reachable below it (plain data: objects and arrays); returns `v`. */
export function deepFreeze<T>(v: T): T {
  if (typeof v !== "object" || v === null || Object.isFrozen(v)) return v;
  Object.freeze(v);
  if (Array.isArray(v)) {
    for (const x of v) deepFreeze(x);
  } else {
    for (const k in v) deepFreeze((v as Record<string, unknown>)[k]);
  }
  return v;
}
