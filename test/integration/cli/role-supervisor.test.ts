/**
 * A kubun server role whose thread ends unexpectedly is started again, and keeps working;
 * a deliberate stop is final.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { superviseRole } from "../../../src/cli/wiring/role-supervisor.ts";
import { type ApiCluster, eventually, startApiCluster } from "../../helpers/api-cluster.ts";
import { barePod, readyNode } from "./role-fixtures.ts";

let c: ApiCluster;
beforeAll(async () => {
  c = await startApiCluster("role-supervisor");
});
afterAll(() => c.stop());

test("the scheduler thread is started again after it ends, and binds pods; stop is final", async () => {
  const sup = await superviseRole("scheduler", { kubeconfig: c.server.kubeconfigPath, unixSocket: c.server.adminSocketPath }, { minDelayMs: 20 });
  await c.client.nodes().create(readyNode as never);
  await c.client.pods("default").create(barePod("before") as never);
  await eventually("the first pod bound", async () => (await c.client.pods("default").get("before")).spec?.nodeName);

  const first = sup.current();
  await first.stop(); // the role ends without the supervisor asking
  await eventually("a new scheduler thread", () => sup.restarts() === 1 && sup.current() !== first);
  await c.client.pods("default").create(barePod("after") as never);
  expect(await eventually("the second pod bound", async () => (await c.client.pods("default").get("after")).spec?.nodeName)).toBe("worker-1");

  const second = sup.current();
  await sup.stop();
  await second.done;
  await Bun.sleep(100);
  expect(sup.restarts()).toBe(1);
  expect(sup.current()).toBe(second);
}, 60_000);
