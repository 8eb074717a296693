/** Messages between `kubun server` and a role running on its own worker thread. */
export type ThreadRole = "scheduler" | "controller-manager";

export interface RoleThreadStart {
  role: ThreadRole;
  /** Admin kubeconfig of the local apiserver. */
  kubeconfig: string;
  /** The process's log settings, which a worker's own copy of the logger does not share. */
  verbosity: number;
  quiet: boolean;
}

/** What a role reports when asked (the scheduler: its per-pod scheduling latency, ms). */
export interface RoleStats {
  scheduled: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
}

export type RoleThreadMessage =
  | { type: "started" }
  | { type: "stopped" }
  | { type: "stats"; stats: RoleStats | null }
  | { type: "ended"; lostLeadership: boolean; error?: string };
