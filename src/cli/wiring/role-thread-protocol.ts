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

export type RoleThreadMessage = { type: "started" } | { type: "stopped" } | { type: "ended"; lostLeadership: boolean; error?: string };
