/**
 * How a sandbox's network namespace is connected. The loopback network gives each
 * pod its own namespace with only `lo`: containers of a pod reach each other on
 * localhost and port-forward works, but the pod has no address of its own (none is
 * reported rather than a false one). A bridge network can implement this later.
 */
export interface PodNetwork {
  readonly name: string;
  /** Connects the namespace; returns the pod's IP when it has one. */
  setUp(sandboxId: string, netnsPath: string, podUid: string): Promise<{ ip?: string }>;
  tearDown(sandboxId: string, netnsPath: string): Promise<void>;
}

export const loopbackNetwork: PodNetwork = {
  name: "loopback",
  async setUp() {
    return {};
  },
  async tearDown() {},
};
