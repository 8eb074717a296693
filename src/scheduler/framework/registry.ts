/**
 * A plugin registry maps plugin names to factories. Registries are literal maps; merging
 * two that share a name throws, like upstream's Registry.Register/Merge.
 */
import type { PluginFactory } from "./interfaces.ts";

export type Registry = ReadonlyMap<string, PluginFactory>;

export function newRegistry(entries: Record<string, PluginFactory>): Registry {
  return new Map(Object.entries(entries));
}

/** Adds `factory` under `name`; throws when the name is taken. */
export function register(reg: Map<string, PluginFactory>, name: string, factory: PluginFactory): void {
  if (reg.has(name)) throw new Error(`a plugin named ${name} already exists`);
  reg.set(name, factory);
}

/** The union of registries; throws on any duplicate name. */
export function mergeRegistries(...regs: Registry[]): Registry {
  const out = new Map<string, PluginFactory>();
  for (const r of regs) for (const [name, f] of r) register(out, name, f);
  return out;
}
