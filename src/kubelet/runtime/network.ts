/**
 * How a sandbox's network namespace is made and connected. The network creates the
 * named namespace (`ip netns`, /run/netns/<name>) with its loopback up, in as few
 * process spawns as it can, and tears its own parts down; the runtime deletes the
 * namespace afterwards.
 *
 * The loopback network gives each pod its own namespace with only `lo`: containers of
 * a pod reach each other on localhost, but the pod has no address of its own (none is
 * reported rather than a false one). BridgeNetwork (bridge.ts) gives pods addresses.
 */
export interface PodNetwork {
  readonly name: string;
  /** Creates the namespace `netns` (a name under /run/netns) and connects it; returns the pod's IP when it has one. */
  setUp(sandboxId: string, netns: string, podUid: string): Promise<{ ip?: string }>;
  tearDown(sandboxId: string, netns: string): Promise<void>;
}

export async function runIp(argv: string[], stdin?: string): Promise<void> {
  const p = Bun.spawn(argv, { stdin: stdin === undefined ? "ignore" : new Blob([stdin]), stdout: "ignore", stderr: "pipe" });
  if ((await p.exited) !== 0) throw new Error(`${argv.join(" ")}: ${(await new Response(p.stderr).text()).trim()}`);
}

export class LoopbackNetwork implements PodNetwork {
  readonly name = "loopback";
  constructor(private readonly ip: string) {}
  async setUp(_sandboxId: string, netns: string): Promise<{ ip?: string }> {
    await runIp([this.ip, "netns", "add", netns]);
    await runIp([this.ip, "-n", netns, "link", "set", "lo", "up"]);
    return {};
  }
  async tearDown(): Promise<void> {}
}
