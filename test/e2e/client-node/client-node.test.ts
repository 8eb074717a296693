/**
 * The official JavaScript client (@kubernetes/client-node) against the compiled server:
 * list, patch with its default content type (JSON patch), and an informer that survives
 * an apiserver restart and ends with exactly the stored state, and custom objects of a CRD
 * through ApiextensionsV1Api and CustomObjectsApi.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import * as k8s from "@kubernetes/client-node";
import { startCluster, type Cluster } from "../../helpers/cluster.ts";

const ARGS = ["--disable-agent", "--disable-scheduler", "--disable-controller-manager"];
let c: Cluster;

function api(cluster: Cluster): { core: k8s.CoreV1Api; kc: k8s.KubeConfig } {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(cluster.kubeconfig);
  return { kc, core: kc.makeApiClient(k8s.CoreV1Api) };
}

beforeAll(async () => {
  c = await startCluster(ARGS);
});
afterAll(async () => {
  await c?.stop();
});

describe("@kubernetes/client-node", () => {
  test("create, list with a label selector, and JSON-patch a ConfigMap", async () => {
    const { core } = api(c);
    for (const n of ["a", "b", "c"]) {
      await core.createNamespacedConfigMap({ namespace: "default", body: { metadata: { name: `cn-${n}`, labels: { suite: "cn", n } }, data: { v: n } } });
    }
    const list = await core.listNamespacedConfigMap({ namespace: "default", labelSelector: "suite=cn,n!=b" });
    expect(list.items.map((i) => i.metadata?.name).sort()).toEqual(["cn-a", "cn-c"]);
    expect(list.metadata?.resourceVersion).toMatch(/^\d+$/);

    const patched = await core.patchNamespacedConfigMap({ name: "cn-a", namespace: "default", body: [{ op: "replace", path: "/data/v", value: "patched" }] });
    expect(patched.data?.v).toBe("patched");
    const again = await core.readNamespacedConfigMap({ name: "cn-a", namespace: "default" });
    expect(again.data?.v).toBe("patched");
  });

  test("an informer survives an apiserver restart without missing the final state", async () => {
    let { kc, core } = api(c);
    const path = "/api/v1/namespaces/default/configmaps";
    const listFn = () => core.listNamespacedConfigMap({ namespace: "default", labelSelector: "suite=inf" });
    let informer = k8s.makeInformer(kc, path, listFn, "suite=inf");
    informer.on("error", () => setTimeout(() => void informer.start().catch(() => {}), 300));
    await informer.start();

    for (let i = 0; i < 5; i++) await core.createNamespacedConfigMap({ namespace: "default", body: { metadata: { name: `inf-${i}`, labels: { suite: "inf" } }, data: { i: String(i) } } });

    const { dir, port } = c;
    expect(await c.stop({ keepData: true })).toBe(0);
    c = await startCluster(ARGS, { dir, port });
    ({ core } = api(c));

    await core.deleteNamespacedConfigMap({ name: "inf-0", namespace: "default" });
    await core.patchNamespacedConfigMap({ name: "inf-1", namespace: "default", body: [{ op: "replace", path: "/data/i", value: "changed" }] });
    await core.createNamespacedConfigMap({ namespace: "default", body: { metadata: { name: "inf-new", labels: { suite: "inf" } }, data: { i: "new" } } });

    const want = (await core.listNamespacedConfigMap({ namespace: "default", labelSelector: "suite=inf" })).items.map((i) => `${i.metadata?.name}=${i.data?.i}`).sort();
    const seen = () => informer.list("default").map((i) => `${i.metadata?.name}=${i.data?.i}`).sort();
    const deadline = Date.now() + 20_000;
    while (JSON.stringify(seen()) !== JSON.stringify(want) && Date.now() < deadline) await Bun.sleep(100);
    await informer.stop();
    expect(seen()).toEqual(want);
    expect(want).toEqual(["inf-1=changed", "inf-2=2", "inf-3=3", "inf-4=4", "inf-new=new"]);
  });

  test("CRDs and custom objects: create the CRD, wait for Established, then CustomObjectsApi CRUD and a merge patch", async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(c.kubeconfig);
    const ext = kc.makeApiClient(k8s.ApiextensionsV1Api);
    const custom = kc.makeApiClient(k8s.CustomObjectsApi);
    await ext.createCustomResourceDefinition({
      body: {
        metadata: { name: "notes.example.com" },
        spec: {
          group: "example.com",
          scope: "Namespaced",
          names: { plural: "notes", singular: "note", kind: "Note" },
          versions: [{ name: "v1", served: true, storage: true, schema: { openAPIV3Schema: { type: "object", properties: { spec: { type: "object", properties: { text: { type: "string" }, pinned: { type: "boolean", _default: false } } } } } } }],
        },
      },
    });
    const deadline = Date.now() + 10_000;
    for (;;) {
      const crd = await ext.readCustomResourceDefinition({ name: "notes.example.com" });
      if (crd.status?.conditions?.some((x) => x.type === "Established" && x.status === "True")) break;
      if (Date.now() > deadline) throw new Error("CRD not established");
      await Bun.sleep(50);
    }
    const ref = { group: "example.com", version: "v1", namespace: "default", plural: "notes" };
    const created = (await custom.createNamespacedCustomObject({ ...ref, body: { apiVersion: "example.com/v1", kind: "Note", metadata: { name: "n1" }, spec: { text: "hi" } } })) as any;
    expect(created.spec).toEqual({ text: "hi", pinned: false });
    const patched = (await custom.patchNamespacedCustomObject(
      { ...ref, name: "n1", body: { spec: { pinned: true } } },
      k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch),
    )) as any;
    expect(patched.spec).toEqual({ text: "hi", pinned: true });
    const list = (await custom.listNamespacedCustomObject(ref)) as any;
    expect(list.kind).toBe("NoteList");
    expect(list.items.map((i: any) => i.metadata.name)).toEqual(["n1"]);
    await custom.deleteNamespacedCustomObject({ ...ref, name: "n1" });
    expect(((await custom.listNamespacedCustomObject(ref)) as any).items).toEqual([]);
  });
});
