/** The compiled server without a node agent, and kubectl pointed at it. */
import { startCluster, type Cluster } from "../../helpers/cluster.ts";

export const FIXTURES = `${import.meta.dir}/fixtures`;

/** KUBUN_E2E_DATASTORE (e.g. memory://) picks another store than the embedded LMDB. */
export function startApiCluster(): Promise<Cluster> {
  const ds = process.env.KUBUN_E2E_DATASTORE;
  return startCluster(["--disable-agent", ...(ds ? ["--datastore-endpoint", ds] : [])]);
}

/** Runs kubectl and fails with its output unless it exits 0. */
export async function ok(c: Cluster, args: string[], stdin?: string): Promise<string> {
  const r = await c.kubectl(args, stdin === undefined ? {} : { stdin });
  if (r.code !== 0) throw new Error(`kubectl ${args.join(" ")} exited ${r.code}:\n${r.stdout}\n${r.stderr}\n--- server log tail ---\n${c.logs().slice(-3000)}`);
  return r.stdout;
}

/** Runs kubectl expecting failure; returns stderr. */
export async function fails(c: Cluster, args: string[], stdin?: string): Promise<string> {
  const r = await c.kubectl(args, stdin === undefined ? {} : { stdin });
  if (r.code === 0) throw new Error(`kubectl ${args.join(" ")} unexpectedly succeeded:\n${r.stdout}`);
  return r.stderr;
}
