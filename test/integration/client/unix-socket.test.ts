/**
 * A client configured with `unixSocket` reaches the apiserver over one of its private
 * sockets, plain HTTP: on the admin identity's socket it acts as the admin without any
 * credentials of its own (requests and watches), on the anonymous socket it is refused.
 * The pipeline itself (`handle`, for listeners of the caller's) authenticates the same way.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { createClient } from "../../../src/client/rest/clientset.ts";
import { ApiError } from "../../../src/client/errors.ts";
import { type ApiCluster, eventually, startApiCluster } from "../../helpers/api-cluster.ts";

let c: ApiCluster;
beforeAll(async () => {
  c = await startApiCluster("unix-client");
});
afterAll(() => c.stop());

test("on the admin socket, requests and watches run as the admin with no credentials", async () => {
  const accepted = () => c.server.metrics.render().then((t: string) => Number(/kubun_apiserver_tls_connections_accepted\S* (\d+)/.exec(t)?.[1]));
  const tlsBefore = await accepted();
  const local = createClient({ host: c.server.url, unixSocket: c.server.adminSocketPath, qps: -1 });
  try {
    const seen: string[] = [];
    const w = await local.configMaps("default").watch({});
    const reading = (async () => {
      for await (const ev of w) seen.push(`${ev.type} ${ev.object.metadata.name}`);
    })();
    await local.namespaces().create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "via-unix" } } as never);
    await local.configMaps("default").create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cm1" }, data: { a: "1" } } as never);
    await eventually("the watch event", () => seen.includes("ADDED cm1"));
    w.stop();
    await reading;
    // nothing went through the TLS port
    expect(await accepted()).toBe(tlsBefore);
    expect((await c.client.namespaces().get("via-unix")).metadata.name).toBe("via-unix");
  } finally {
    local.close();
  }
});

test("on the anonymous socket, a request without a token is refused with 401", async () => {
  const anon = createClient({ host: c.server.url, unixSocket: c.server.localSocketPath, qps: -1, maxRetries: 0 });
  try {
    const err = await anon.namespaces().list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe(401);
  } finally {
    anon.close();
  }
});

test("handle answers a Request as the identity it is given, or as the token's user, or not at all", async () => {
  const asAdmin = await c.server.handle(new Request("http://any/api/v1/namespaces/default"), { user: "system:admin", groups: ["system:masters"] });
  expect(asAdmin.status).toBe(200);
  expect(((await asAdmin.json()) as { metadata: { name: string } }).metadata.name).toBe("default");
  const anonymous = await c.server.handle(new Request("http://any/api/v1/namespaces/default"));
  expect(anonymous.status).toBe(401);
  expect(((await anonymous.json()) as { reason: string }).reason).toBe("Unauthorized");
  const created = await c.server.handle(
    new Request("http://any/api/v1/namespaces/default/configmaps", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "via-handle" } }) }),
    { user: "system:admin", groups: ["system:masters"] },
  );
  expect(created.status).toBe(201);
  expect((await c.client.configMaps("default").get("via-handle")).metadata.name).toBe("via-handle");
});
