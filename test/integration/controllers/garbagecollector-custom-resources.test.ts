import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { KubeObject } from "../../../src/api/meta/types.ts";
import { resourceFor, type ResourceInfo } from "../../../src/api/resources.ts";
import type { ConfigMap } from "../../../src/api/types/index.ts";
import type { SharedInformerFactory } from "../../../src/client/cache/index.ts";
import { isNotFound } from "../../../src/client/errors.ts";
import type { Client } from "../../../src/client/rest/clientset.ts";
import { GarbageCollector } from "../../../src/controllers/garbagecollector/controller.ts";
import { UnknownKindError } from "../../../src/controllers/garbagecollector/restmapper.ts";
import { nullRecorder } from "../../../src/controllers/helper/context.ts";
import { eventually, newInformers, startTestCluster, type TestCluster } from "./harness.ts";

/**
 * The garbage collector follows custom resources: started before the CRD exists, it
 * discovers the new resource (short discovery interval), monitors it, resolves owner
 * references to and from its kind, and stops monitoring it once the CRD is gone.
 */

const NS = "gc-custom";
const CRD_NAME = "widgets.example.com";
const WIDGETS_KEY = "example.com/v1/widgets";
const HOLD = "example.com/hold";

let cluster: TestCluster;
let client: Client;
let informers: SharedInformerFactory;
let gc: GarbageCollector;
let widgetRi: ResourceInfo;
const stop = new AbortController();
let running: Promise<void>;

const crdRi = resourceFor("apiextensions.k8s.io", "v1", "customresourcedefinitions")!;

function crd(): KubeObject {
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: CRD_NAME },
    spec: {
      group: "example.com",
      scope: "Namespaced",
      names: { plural: "widgets", singular: "widget", kind: "Widget" },
      versions: [{ name: "v1", served: true, storage: true, schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } } }],
    },
  } as KubeObject;
}

function widgets() {
  return client.resource<KubeObject>(widgetRi, NS);
}

function ownerRef(o: KubeObject, blockOwnerDeletion = false) {
  return { apiVersion: o.apiVersion!, kind: o.kind!, name: o.metadata.name!, uid: o.metadata.uid!, ...(blockOwnerDeletion ? { blockOwnerDeletion: true } : {}) };
}

async function createWidget(name: string, owners: ReturnType<typeof ownerRef>[] = []): Promise<KubeObject> {
  return widgets().create({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name, namespace: NS, ...(owners.length ? { ownerReferences: owners } : {}) }, spec: { size: 1 } } as KubeObject);
}

async function createConfigMap(name: string, owners: ReturnType<typeof ownerRef>[] = [], finalizers: string[] = []): Promise<ConfigMap> {
  return client.configMaps(NS).create({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name, namespace: NS, ...(owners.length ? { ownerReferences: owners } : {}), ...(finalizers.length ? { finalizers } : {}) },
    data: { a: "b" },
  });
}

async function gone(get: () => Promise<unknown>): Promise<boolean> {
  try {
    await get();
    return false;
  } catch (err) {
    if (isNotFound(err)) return true;
    throw err;
  }
}

/** The collector has seen the object through a monitor (a real, not virtual, graph node). */
async function observed(o: KubeObject): Promise<void> {
  await eventually(`gc observes ${o.kind} ${o.metadata.name}`, () => {
    const node = gc.graph.get(o.metadata.uid!);
    return node !== undefined && !node.virtual;
  });
}

beforeAll(async () => {
  cluster = await startTestCluster();
  client = cluster.newClient();
  informers = newInformers(client);
  // Started before the CRD exists: the resource must be picked up by rediscovery.
  gc = new GarbageCollector({ client, informers, recorder: nullRecorder }, undefined, { discoveryIntervalMs: 200 });
  informers.start(stop.signal);
  running = gc.run(5, stop.signal);
  expect(gc.monitoredResources()).not.toContain(WIDGETS_KEY);

  await client.namespaces().create({ apiVersion: "v1", kind: "Namespace", metadata: { name: NS } });
  await client.resource<KubeObject>(crdRi).create(crd());
  await eventually("CRD established", async () => {
    const cur = (await client.resource<KubeObject>(crdRi).get(CRD_NAME)) as KubeObject & { status?: { conditions?: { type: string; status: string }[] } };
    return cur.status?.conditions?.some((c) => c.type === "Established" && c.status === "True") ?? false;
  });
  widgetRi = await eventually("widgets in discovery", async () => (await client.customResources()).find((ri) => ri.group === "example.com" && ri.plural === "widgets"));
  await eventually("widgets answer", async () => Array.isArray((await widgets().list()).items));
}, 30_000);

afterAll(async () => {
  stop.abort();
  await running;
  await informers.shutdown();
  await cluster.stop();
});

const T = 30_000;

describe("garbage collector and custom resources", () => {
  test("a new custom resource is discovered and monitored", async () => {
    await eventually("widgets monitored", () => gc.monitoredResources().includes(WIDGETS_KEY));
    expect(gc.mapper.resourceInfo("example.com/v1", "Widget")).toMatchObject({ plural: "widgets", namespaced: true });
  }, T);

  test("a ConfigMap owned by a custom object is deleted after the custom object", async () => {
    const owner = await createWidget("owner-1");
    const dep = await createConfigMap("dep-1", [ownerRef(owner)]);
    await observed(owner);
    await observed(dep as KubeObject);
    // The owner stays, so the dependent stays.
    await Bun.sleep(300);
    expect((await client.configMaps(NS).get("dep-1")).metadata.uid).toBe(dep.metadata.uid);

    await widgets().delete("owner-1");
    await eventually("dep-1 collected", () => gone(() => client.configMaps(NS).get("dep-1")));
  }, T);

  test("a custom object owned by a ConfigMap is deleted after the ConfigMap", async () => {
    const owner = await createConfigMap("owner-2");
    const dep = await createWidget("dep-2", [ownerRef(owner as KubeObject)]);
    await observed(dep);
    await Bun.sleep(300);
    expect((await widgets().get("dep-2")).metadata.uid).toBe(dep.metadata.uid);

    await client.configMaps(NS).delete("owner-2");
    await eventually("dep-2 collected", () => gone(() => widgets().get("dep-2")));
  }, T);

  test("foreground deletion of a custom object waits for its blocking dependent", async () => {
    const owner = await createWidget("owner-3");
    // The dependent holds a finalizer of its own, so its deletion can be watched pending.
    const dep = await createConfigMap("dep-3", [ownerRef(owner, true)], [HOLD]);
    await observed(owner);
    await observed(dep as KubeObject);

    await widgets().delete("owner-3", { propagationPolicy: "Foreground" });
    const pending = await eventually("dep-3 being deleted", async () => {
      const cm = await client.configMaps(NS).get("dep-3");
      return cm.metadata.deletionTimestamp ? cm : undefined;
    });
    expect(pending.metadata.finalizers).toContain(HOLD);
    // The owner waits in the foreground while its dependent is still there.
    await Bun.sleep(300);
    const waiting = await widgets().get("owner-3");
    expect(waiting.metadata.deletionTimestamp).toBeDefined();
    expect(waiting.metadata.finalizers).toContain("foregroundDeletion");

    await client.configMaps(NS).patch("dep-3", { metadata: { finalizers: null } }, { type: "merge" });
    await eventually("dep-3 gone", () => gone(() => client.configMaps(NS).get("dep-3")));
    await eventually("owner-3 gone", () => gone(() => widgets().get("owner-3")));
  }, T);

  test("the monitor stops and the kind is forgotten once the CRD is deleted", async () => {
    await client.resource<KubeObject>(crdRi).delete(CRD_NAME);
    await eventually("CRD gone", () => gone(() => client.resource<KubeObject>(crdRi).get(CRD_NAME)));
    await eventually("widgets no longer monitored", () => !gc.monitoredResources().includes(WIDGETS_KEY));
    expect(() => gc.mapper.resourceInfo("example.com/v1", "Widget")).toThrow(UnknownKindError);
  }, T);
});
