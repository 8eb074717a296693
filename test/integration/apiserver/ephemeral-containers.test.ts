/**
 * pods/ephemeralcontainers over HTTP, as upstream's EphemeralContainersREST serves it:
 * GET answers the Pod; PUT and PATCH (strategic merge, as `kubectl debug` sends it, merge
 * and JSON patch) add ephemeral containers, defaulted, and change nothing else of the pod
 * whatever the body says; existing ones cannot be changed or removed (422 with upstream's
 * message); the pod itself cannot take them on create or update; discovery and OpenAPI list it.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startHarness, type Harness } from "./harness.ts";

let h: Harness;
const NS = "/api/v1/namespaces/eph";
const POD = `${NS}/pods/web`;
const EC = `${POD}/ephemeralcontainers`;
const SMP = "application/strategic-merge-patch+json";

beforeAll(async () => {
  h = await startHarness();
  await h.call("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "eph" } });
  const created = await h.call("POST", `${NS}/pods`, {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web", labels: { app: "web" } },
    spec: { nodeName: "n1", initContainers: [{ name: "setup", image: "busybox" }], containers: [{ name: "app", image: "busybox", command: ["sleep", "3600"] }] },
  });
  expect(created.status).toBe(201);
});
afterAll(() => h.stop());

async function patch(path: string, type: string, body: unknown) {
  const res = await h.req(path, { method: "PATCH", body: JSON.stringify(body), headers: { "content-type": type } });
  return { status: res.status, body: (await res.json()) as any };
}

const debug = (name: string, over: Record<string, unknown> = {}) => ({ name, image: "busybox:1.36", stdin: true, tty: true, resources: {}, terminationMessagePolicy: "File", ...over });

describe("pods/ephemeralcontainers", () => {
  test("discovery lists it as upstream: kind Pod, get/patch/update", async () => {
    const list = (await h.call("GET", "/api/v1")).body;
    expect(list.resources.find((r: any) => r.name === "pods/ephemeralcontainers")).toEqual({ name: "pods/ephemeralcontainers", singularName: "", namespaced: true, kind: "Pod", verbs: ["get", "patch", "update"] });
  });

  test("GET answers the pod", async () => {
    const r = await h.call("GET", EC);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ kind: "Pod", apiVersion: "v1", metadata: { name: "web", namespace: "eph" } });
    expect(r.body.spec.ephemeralContainers).toBeUndefined();
  });

  test("a pod cannot be created with ephemeral containers", async () => {
    const r = await h.call("POST", `${NS}/pods`, { apiVersion: "v1", kind: "Pod", metadata: { name: "born-with" }, spec: { containers: [{ name: "app", image: "busybox" }], ephemeralContainers: [debug("d")] } });
    expect(r.status).toBe(422);
    expect(r.body.message).toBe('Pod "born-with" is invalid: spec.ephemeralContainers: Forbidden: cannot be set on create');
  });

  test("a strategic merge patch adds one, defaulted; other fields in the body are ignored", async () => {
    const before = (await h.call("GET", POD)).body;
    const r = await patch(EC, SMP, {
      metadata: { labels: { app: "changed", extra: "x" } },
      spec: {
        activeDeadlineSeconds: 5,
        containers: [{ name: "app", image: "busybox:other" }],
        ephemeralContainers: [debug("debugger", { targetContainerName: "app" })],
      },
      status: { phase: "Failed" },
    });
    expect(r.status).toBe(200);
    expect(r.body.kind).toBe("Pod");
    expect(r.body.spec.ephemeralContainers).toEqual([
      { ...debug("debugger", { targetContainerName: "app" }), terminationMessagePath: "/dev/termination-log", imagePullPolicy: "IfNotPresent" },
    ]);
    expect(r.body.metadata.labels).toEqual({ app: "web" });
    expect(r.body.spec.activeDeadlineSeconds).toBeUndefined();
    expect(r.body.spec.containers[0].image).toBe("busybox");
    expect(r.body.status).toEqual(before.status);
    expect(r.body.metadata.generation).toBe(before.metadata.generation + 1);
    expect(r.body.metadata.managedFields.some((m: any) => m.subresource === "ephemeralcontainers" && m.operation === "Update")).toBe(true);
    const got = (await h.call("GET", POD)).body;
    expect(got.spec.ephemeralContainers.map((c: any) => c.name)).toEqual(["debugger"]);
    expect((await h.call("GET", EC)).body.spec.ephemeralContainers.map((c: any) => c.name)).toEqual(["debugger"]);
  });

  test("the patch kubectl debug sends (with $setElementOrder) adds a second one", async () => {
    const r = await patch(EC, SMP, { spec: { "$setElementOrder/ephemeralContainers": [{ name: "debugger" }, { name: "debugger-2" }], ephemeralContainers: [debug("debugger-2")] } });
    expect(r.status).toBe(200);
    expect(r.body.spec.ephemeralContainers.map((c: any) => c.name)).toEqual(["debugger", "debugger-2"]);
  });

  test("changing an existing one is refused with upstream's message", async () => {
    const r = await patch(EC, SMP, { spec: { ephemeralContainers: [{ name: "debugger", image: "busybox:1.37" }] } });
    expect(r.status).toBe(422);
    expect(r.body.reason).toBe("Invalid");
    expect(r.body.message).toStartWith('Pod "web" is invalid: spec.ephemeralContainers: Forbidden: existing ephemeral containers "debugger" may not be changed\n');
    expect(r.body.message).toContain('"busybox:1.37"');
    expect(r.body.details.causes).toEqual([{ reason: "FieldValueForbidden", field: "spec.ephemeralContainers", message: expect.stringMatching(/^Forbidden: existing ephemeral containers "debugger" may not be changed\n/) }]);
  });

  test("removing one is refused (PUT and JSON patch)", async () => {
    const cur = (await h.call("GET", EC)).body;
    cur.spec.ephemeralContainers = cur.spec.ephemeralContainers.filter((c: any) => c.name !== "debugger");
    const put = await h.call("PUT", EC, cur);
    expect(put.status).toBe(422);
    expect(put.body.message).toBe('Pod "web" is invalid: spec.ephemeralContainers: Forbidden: existing ephemeral containers "debugger" may not be removed\n');
    const jp = await patch(EC, "application/json-patch+json", [{ op: "remove", path: "/spec/ephemeralContainers" }]);
    expect(jp.status).toBe(422);
    expect(jp.body.message).toContain('existing ephemeral containers "debugger" may not be removed');
    expect(jp.body.message).toContain('existing ephemeral containers "debugger-2" may not be removed');
  });

  test("PUT adds one and keeps everything else from the stored pod", async () => {
    const cur = (await h.call("GET", EC)).body;
    cur.metadata.annotations = { sneaky: "yes" };
    cur.spec.containers[0].image = "busybox:sneaky";
    cur.spec.ephemeralContainers.push(debug("debugger-3", { targetContainerName: "setup" }));
    const r = await h.call("PUT", EC, cur);
    expect(r.status).toBe(200);
    expect(r.body.spec.ephemeralContainers.map((c: any) => c.name)).toEqual(["debugger", "debugger-2", "debugger-3"]);
    expect(r.body.metadata.annotations).toBeUndefined();
    expect(r.body.spec.containers[0].image).toBe("busybox");
  });

  test("invalid ephemeral containers: every upstream error with its field", async () => {
    const r = await patch(EC, SMP, {
      spec: {
        ephemeralContainers: [
          debug("app", { ports: [{ containerPort: 80 }], readinessProbe: { exec: { command: ["true"] } }, lifecycle: { preStop: { exec: { command: ["true"] } } } }),
          debug("limited", { resources: { limits: { cpu: "1" } }, targetContainerName: "debugger" }),
        ],
      },
    });
    expect(r.status).toBe(422);
    const causes = r.body.details.causes.map((c: any) => `${c.field}: ${c.message}`);
    const i = (n: number) => `spec.ephemeralContainers[${n}]`;
    const f = "Forbidden: cannot be set for an Ephemeral Container";
    // without $setElementOrder, a strategic merge patch puts the patch's new items first (as upstream's)
    expect(causes).toEqual([`${i(0)}.name: Duplicate value: "app"`, `${i(0)}.ports: ${f}`, `${i(0)}.readinessProbe: ${f}`, `${i(0)}.lifecycle: ${f}`, `${i(1)}.targetContainerName: Not found: "debugger"`, `${i(1)}.resources: ${f}`]);
  });

  test("an update of the pod itself cannot add or drop them", async () => {
    const cur = (await h.call("GET", POD)).body;
    cur.spec.ephemeralContainers.push(debug("sideways"));
    const r = await h.call("PUT", POD, cur);
    expect(r.status).toBe(422);
    expect(r.body.message).toContain("spec: Forbidden: pod updates may not change fields other than");
    const labelled = (await h.call("GET", POD)).body;
    labelled.metadata.labels.more = "yes";
    const ok = await h.call("PUT", POD, labelled);
    expect(ok.status).toBe(200);
    expect(ok.body.spec.ephemeralContainers).toHaveLength(3);
  });

  test("POST and DELETE are not served on the subresource; a missing pod is 404", async () => {
    expect((await h.call("POST", EC, { apiVersion: "v1", kind: "Pod", metadata: { name: "web" } })).status).toBe(405);
    expect((await h.call("DELETE", EC)).status).toBe(405);
    const missing = await patch(`${NS}/pods/nope/ephemeralcontainers`, SMP, { spec: { ephemeralContainers: [debug("d")] } });
    expect(missing.status).toBe(404);
    expect(missing.body.details).toMatchObject({ name: "nope", kind: "pods" });
  });

  test("static pods take none", async () => {
    const created = await h.call("POST", `${NS}/pods`, {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "static-n1", annotations: { "kubernetes.io/config.mirror": "abc" } },
      spec: { nodeName: "n1", containers: [{ name: "app", image: "busybox" }] },
    });
    expect(created.status).toBe(201);
    const r = await patch(`${NS}/pods/static-n1/ephemeralcontainers`, SMP, { spec: { ephemeralContainers: [debug("d")] } });
    expect(r.status).toBe(422);
    expect(r.body.message).toBe('Pod "static-n1" is invalid: : Forbidden: static pods do not support ephemeral containers');
  });

  test("OpenAPI describes the read, replace and patch operations", async () => {
    const doc = (await h.call("GET", "/openapi/v3/api/v1")).body;
    const item = doc.paths["/api/v1/namespaces/{namespace}/pods/{name}/ephemeralcontainers"];
    expect(item.get.operationId).toBe("readCoreV1NamespacedPodEphemeralcontainers");
    expect(item.put.operationId).toBe("replaceCoreV1NamespacedPodEphemeralcontainers");
    expect(item.patch.operationId).toBe("patchCoreV1NamespacedPodEphemeralcontainers");
  });
});
