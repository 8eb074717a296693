/**
 * Reads a KubeSchedulerConfiguration (YAML or JSON) and completes it: every profile's
 * plugin sets are merged with the defaults the way upstream's v1 defaulting does
 * (disabled "*" drops the defaults of that point, re-enabled defaults keep their place),
 * and plugin args are defaulted field by field.
 */
import { DEFAULT_SCHEDULER_NAME, defaultPluginArgs, defaultPlugins } from "./defaults.ts";
import {
  type CompletedConfiguration,
  type CompletedProfile,
  EXTENSION_POINTS,
  type KubeSchedulerConfiguration,
  type KubeSchedulerProfile,
  type PluginRef,
  type PluginSet,
  type Plugins,
} from "./types.ts";

export const CONFIG_API_VERSION = "kubescheduler.config.k8s.io/v1";

export function parseConfig(text: string): KubeSchedulerConfiguration {
  const trimmed = text.trim();
  const obj: unknown = trimmed.startsWith("{") ? JSON.parse(trimmed) : Bun.YAML.parse(text);
  if (obj === null || typeof obj !== "object" || Array.isArray(obj)) throw new Error("scheduler config: not an object");
  const cfg = obj as KubeSchedulerConfiguration;
  if (cfg.kind !== undefined && cfg.kind !== "KubeSchedulerConfiguration") {
    throw new Error(`scheduler config: kind ${JSON.stringify(cfg.kind)} is not KubeSchedulerConfiguration`);
  }
  if (cfg.apiVersion !== undefined && cfg.apiVersion !== CONFIG_API_VERSION) {
    throw new Error(`scheduler config: apiVersion ${JSON.stringify(cfg.apiVersion)} is not supported (want ${CONFIG_API_VERSION})`);
  }
  return cfg;
}

export async function loadConfigFile(path: string): Promise<KubeSchedulerConfiguration> {
  return parseConfig(await Bun.file(path).text());
}

/** upstream mergePluginSet: defaults, minus disabled, custom re-configurations in place, then new customs. */
export function mergePluginSet(defaults: PluginSet, custom: PluginSet | undefined): PluginSet {
  if (!custom) return { enabled: [...(defaults.enabled ?? [])], disabled: [...(defaults.disabled ?? [])] };
  const disabled = new Set<string>();
  const disabledOut: PluginRef[] = [];
  for (const d of [...(custom.disabled ?? []), ...(defaults.disabled ?? [])]) {
    disabled.add(d.name);
    disabledOut.push({ name: d.name });
  }
  const customByName = new Map<string, { index: number; plugin: PluginRef }>();
  (custom.enabled ?? []).forEach((p, index) => customByName.set(p.name, { index, plugin: p }));
  const replaced = new Set<number>();
  const enabled: PluginRef[] = [];
  if (!disabled.has("*")) {
    for (const def of defaults.enabled ?? []) {
      if (disabled.has(def.name)) continue;
      const c = customByName.get(def.name);
      if (c) {
        enabled.push(c.plugin);
        replaced.add(c.index);
      } else enabled.push(def);
    }
  }
  (custom.enabled ?? []).forEach((p, i) => {
    if (!replaced.has(i)) enabled.push(p);
  });
  return { enabled, disabled: disabledOut };
}

export function mergePlugins(defaults: Plugins, custom: Plugins | undefined): Plugins {
  const out: Plugins = {};
  for (const point of [...EXTENSION_POINTS, "multiPoint"] as const) {
    out[point] = mergePluginSet(defaults[point] ?? {}, custom?.[point]);
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Field-wise defaulting: user fields win, missing ones come from the defaults (one level deep for objects). */
function defaultArgs(def: Record<string, unknown>, user: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = { ...def };
  for (const [k, v] of Object.entries(user ?? {})) {
    if (k === "apiVersion" || k === "kind") continue;
    out[k] = isObject(v) && isObject(def[k]) ? { ...(def[k] as Record<string, unknown>), ...v } : v;
  }
  return out;
}

function checkPercentage(p: number | null | undefined, where: string): number | undefined {
  if (p === null || p === undefined) return undefined;
  if (typeof p !== "number" || !Number.isFinite(p) || p < 0 || p > 100) {
    throw new Error(`${where}.percentageOfNodesToScore: Invalid value: ${JSON.stringify(p)}: not in valid range [0-100]`);
  }
  return p === 0 ? undefined : p;
}

export function completeProfile(p: KubeSchedulerProfile, index: number): CompletedProfile {
  const args = new Map<string, Record<string, unknown>>();
  const seen = new Set<string>();
  for (const pc of p.pluginConfig ?? []) {
    if (seen.has(pc.name)) throw new Error(`profiles[${index}].pluginConfig: Duplicate value: ${JSON.stringify(pc.name)}`);
    seen.add(pc.name);
  }
  const defs = defaultPluginArgs();
  for (const [name, def] of Object.entries(defs)) args.set(name, defaultArgs(def, undefined));
  for (const pc of p.pluginConfig ?? []) args.set(pc.name, defaultArgs(defs[pc.name] ?? {}, pc.args));
  return {
    schedulerName: p.schedulerName || DEFAULT_SCHEDULER_NAME,
    percentageOfNodesToScore: checkPercentage(p.percentageOfNodesToScore, `profiles[${index}]`),
    plugins: mergePlugins(defaultPlugins(), p.plugins),
    pluginArgs: args,
  };
}

/** Defaults and validates a configuration; an absent one yields the default profile. */
export function completeConfig(cfg: KubeSchedulerConfiguration = {}): CompletedConfiguration {
  const profiles = (cfg.profiles?.length ? cfg.profiles : [{}]).map(completeProfile);
  const names = new Set<string>();
  for (const [i, p] of profiles.entries()) {
    if (names.has(p.schedulerName)) throw new Error(`profiles[${i}].schedulerName: Duplicate value: ${JSON.stringify(p.schedulerName)}`);
    names.add(p.schedulerName);
  }
  const initial = cfg.podInitialBackoffSeconds ?? 1;
  const max = cfg.podMaxBackoffSeconds ?? 10;
  if (initial <= 0) throw new Error("podInitialBackoffSeconds: Invalid value: must be greater than 0");
  if (max < initial) throw new Error("podMaxBackoffSeconds: Invalid value: must be greater than or equal to PodInitialBackoffSeconds");
  return {
    percentageOfNodesToScore: checkPercentage(cfg.percentageOfNodesToScore, "config"),
    podInitialBackoffSeconds: initial,
    podMaxBackoffSeconds: max,
    profiles,
    leaderElection: { leaderElect: true, ...cfg.leaderElection },
  };
}
