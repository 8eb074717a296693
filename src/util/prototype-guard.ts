/**
 * Makes Object.prototype non-extensible, so no request can add a property that every object
 * of the process would then inherit. The API takes arbitrary object keys from clients (a
 * ConfigMap's data key "__proto__" is valid, and so is any key of a custom resource's
 * free-form map); code that reads `obj[key]` for such a key gets Object.prototype when the
 * object lacks its own, and a merge that writes into it pollutes the prototype. The code
 * that merges client data (patches, apply, decoding) treats these keys as own properties
 * (util/own-keys.ts); this guard turns any path that still slips into an error for that
 * request instead of a change to every object. Existing properties stay writable (freezing
 * them would break libraries that assign `toString` on their own prototypes), and Bun's own
 * modules keep the `__proto__` accessor they use. Idempotent.
 */
export function guardObjectPrototype(): void {
  if (Object.isExtensible(Object.prototype)) Object.preventExtensions(Object.prototype);
}
