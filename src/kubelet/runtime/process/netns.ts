/**
 * Pod network namespaces as named namespaces of iproute2 (`ip netns`), so they live
 * in /run/netns/<name> without a holder process; loopback is brought up in each.
 */
import { existsSync } from "node:fs";

export const NETNS_DIR = "/run/netns";

export function netnsName(sandboxId: string): string {
  return `kubun-${sandboxId.slice(0, 16)}`;
}

async function run(argv: string[]): Promise<void> {
  const p = Bun.spawn(argv, { stdout: "ignore", stderr: "pipe" });
  const code = await p.exited;
  if (code !== 0) throw new Error(`${argv.join(" ")}: ${(await new Response(p.stderr).text()).trim()}`);
}

export async function deleteNetns(ip: string, name: string): Promise<void> {
  if (!existsSync(`${NETNS_DIR}/${name}`)) return;
  await run([ip, "netns", "delete", name]);
}
