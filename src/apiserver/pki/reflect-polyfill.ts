/**
 * The few Reflect metadata functions that @peculiar/x509's dependency injection container
 * (tsyringe) checks for at load time. The library never reads decorator metadata on our
 * paths, so this WeakMap-backed subset is enough and saves a dependency on reflect-metadata.
 * Installs itself only when no polyfill is present.
 */

type Key = unknown;
type Prop = string | symbol | undefined;

interface MetadataReflect {
  defineMetadata?: (key: Key, value: unknown, target: object, prop?: Prop) => void;
  getOwnMetadata?: (key: Key, target: object, prop?: Prop) => unknown;
  getMetadata?: (key: Key, target: object, prop?: Prop) => unknown;
  hasMetadata?: (key: Key, target: object, prop?: Prop) => boolean;
  metadata?: (key: Key, value: unknown) => (target: object, prop?: Prop) => void;
}

export function installReflectMetadata(): void {
  const R = Reflect as unknown as MetadataReflect;
  if (typeof R.getMetadata === "function") return;
  const store = new WeakMap<object, Map<Prop, Map<Key, unknown>>>();
  const own = (target: object, prop: Prop, create: boolean): Map<Key, unknown> | undefined => {
    let byProp = store.get(target);
    if (!byProp) {
      if (!create) return undefined;
      byProp = new Map();
      store.set(target, byProp);
    }
    let m = byProp.get(prop);
    if (!m && create) {
      m = new Map();
      byProp.set(prop, m);
    }
    return m;
  };
  const lookup = (key: Key, target: object, prop: Prop): { found: boolean; value: unknown } => {
    for (let o: object | null = target; o; o = Object.getPrototypeOf(o) as object | null) {
      const m = own(o, prop, false);
      if (m?.has(key)) return { found: true, value: m.get(key) };
    }
    return { found: false, value: undefined };
  };
  R.defineMetadata = (key, value, target, prop) => void own(target, prop, true)!.set(key, value);
  R.getOwnMetadata = (key, target, prop) => own(target, prop, false)?.get(key);
  R.getMetadata = (key, target, prop) => lookup(key, target, prop).value;
  R.hasMetadata = (key, target, prop) => lookup(key, target, prop).found;
  R.metadata = (key, value) => (target, prop) => R.defineMetadata!(key, value, target, prop);
}
