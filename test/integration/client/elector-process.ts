/**
 * One leader-election candidate as its own process, for the integration test:
 *   bun elector-process.ts <kubeconfig> <identity> <leaseMs> <renewMs> <retryMs>
 * Prints "LEADING <ms>", "LOST <ms>", "NEWLEADER <id> <ms>", "EXIT <ms>" (epoch ms).
 * SIGTERM cancels the election and releases the Lease (releaseOnCancel).
 */
import { LeaderElector } from "../../../src/client/leaderelection/leader-elector.ts";
import { LeaseLock } from "../../../src/client/leaderelection/lease-lock.ts";
import { loadConfig } from "../../../src/client/config/index.ts";
import { createClient } from "../../../src/client/rest/clientset.ts";
import { setLogSink } from "../../../src/util/log.ts";

setLogSink("silent");
const [kubeconfig, identity, lease, renew, retry] = process.argv.slice(2);
const client = createClient(loadConfig({ kubeconfig: kubeconfig as string, env: {}, overrides: { qps: -1, maxRetries: 0 } }));
const ac = new AbortController();
process.on("SIGTERM", () => ac.abort());
const say = (line: string) => process.stdout.write(`${line} ${Date.now()}\n`);

const elector = new LeaderElector({
  lock: new LeaseLock(client.leases(), { namespace: "kube-system", name: "it-lock", identity: identity as string }),
  leaseDurationMs: Number(lease),
  renewDeadlineMs: Number(renew),
  retryPeriodMs: Number(retry),
  jitterFactor: 0,
  releaseOnCancel: true,
  callbacks: {
    onStartedLeading(signal) {
      say("LEADING");
      signal.addEventListener("abort", () => say("LOST"));
    },
    onStoppedLeading() {},
    onNewLeader: (who) => say(`NEWLEADER ${who}`),
  },
});
await elector.run(ac.signal);
say("EXIT");
process.exit(0);
