/**
 * Reading and writing object members whose names come from clients. JSON.parse makes every
 * key an own property, "__proto__" included; but `obj[key]` of a name the object lacks reads
 * what it inherits (Object.prototype itself for "__proto__", functions for "constructor" or
 * "toString"), and `obj[key] = v` with "__proto__" sets the prototype instead of a member.
 * Code that merges client data (patches, apply, decoders) reads and writes through these.
 */

type Obj = Record<string, unknown>;

/** The object's own member `key`, or undefined. */
export function getOwn(o: object, key: string): unknown {
  return Object.hasOwn(o, key) ? (o as Obj)[key] : undefined;
}

/** Sets the own member `key` (a data property also for "__proto__"). */
export function setOwn(o: object, key: string, value: unknown): void {
  if (key === "__proto__" && !Object.hasOwn(o, key)) Object.defineProperty(o, key, { value, writable: true, enumerable: true, configurable: true });
  else (o as Obj)[key] = value;
}
