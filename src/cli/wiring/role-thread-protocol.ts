/** Messages between `kubun server` and a role running on its own worker thread. */
export type ThreadRole = "scheduler" | "controller-manager";

/** How a role reaches the local apiserver. */
export interface RoleConnection {
  /** Admin kubeconfig of the local apiserver. */
  kubeconfig: string;
  /**
   * The apiserver's private unix socket serving the kubeconfig's identity (plain HTTP,
   * 0700 directory): the role's requests then skip TLS on both ends. Absent: HTTPS.
   */
  unixSocket?: string;
}

export interface RoleThreadStart extends RoleConnection {
  role: ThreadRole;
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
