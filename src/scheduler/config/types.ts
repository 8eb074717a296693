/**
 * KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1): the fields kubun reads.
 */

export const EXTENSION_POINTS = [
  "preEnqueue",
  "queueSort",
  "preFilter",
  "filter",
  "postFilter",
  "preScore",
  "score",
  "reserve",
  "permit",
  "preBind",
  "bind",
  "postBind",
] as const;
export type ExtensionPoint = (typeof EXTENSION_POINTS)[number];

export interface PluginRef {
  name: string;
  weight?: number;
}

export interface PluginSet {
  enabled?: PluginRef[];
  disabled?: PluginRef[];
}

export type Plugins = Partial<Record<ExtensionPoint | "multiPoint", PluginSet>>;

export interface PluginConfig {
  name: string;
  args?: Record<string, unknown>;
}

export interface KubeSchedulerProfile {
  schedulerName?: string;
  percentageOfNodesToScore?: number | null;
  plugins?: Plugins;
  pluginConfig?: PluginConfig[];
}

export interface LeaderElectionConfiguration {
  leaderElect?: boolean;
  leaseDuration?: string;
  renewDeadline?: string;
  retryPeriod?: string;
  resourceLock?: string;
  resourceName?: string;
  resourceNamespace?: string;
}

export interface KubeSchedulerConfiguration {
  apiVersion?: string;
  kind?: string;
  parallelism?: number;
  percentageOfNodesToScore?: number | null;
  podInitialBackoffSeconds?: number;
  podMaxBackoffSeconds?: number;
  profiles?: KubeSchedulerProfile[];
  leaderElection?: LeaderElectionConfiguration;
  clientConnection?: { kubeconfig?: string; qps?: number; burst?: number };
}

/** A profile after defaulting: plugin sets merged with the defaults, args defaulted. */
export interface CompletedProfile {
  schedulerName: string;
  percentageOfNodesToScore: number | undefined;
  plugins: Plugins;
  pluginArgs: Map<string, Record<string, unknown>>;
}

export interface CompletedConfiguration {
  percentageOfNodesToScore: number | undefined;
  podInitialBackoffSeconds: number;
  podMaxBackoffSeconds: number;
  profiles: CompletedProfile[];
  leaderElection: LeaderElectionConfiguration;
}
