import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { pod, startHarness, type Harness } from "./harness.ts";

/**
 * LimitRanger admission over the API: pods in a namespace with a LimitRange get its
 * defaults (and upstream's kubernetes.io/limit-ranger annotation), and pods and claims
 * outside its min, max and ratio are refused with upstream's 403 texts.
 */

let h: Harness;
const NS = "limits";
const PODS = `/api/v1/namespaces/${NS}/pods`;

const withResources = (name: string, resources: Record<string, unknown>) => pod(name, { containers: [{ name: "c", image: "busybox", resources }] });

beforeAll(async () => {
  h = await startHarness();
  for (const ns of [NS, "free"]) await h.call("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
  const lr = {
    apiVersion: "v1",
    kind: "LimitRange",
    metadata: { name: "defaults" },
    spec: {
      limits: [
        { type: "Container", default: { cpu: "500m" }, defaultRequest: { cpu: "100m" }, min: { cpu: "50m" }, max: { memory: "1Gi" }, maxLimitRequestRatio: { cpu: "10" } },
        { type: "Pod", max: { cpu: "2" } },
        { type: "PersistentVolumeClaim", min: { storage: "1Gi" }, max: { storage: "10Gi" } },
      ],
    },
  };
  const r = await h.call("POST", `/api/v1/namespaces/${NS}/limitranges`, lr);
  if (r.status !== 201) throw new Error(JSON.stringify(r.body));
});
afterAll(() => h.stop());

describe("LimitRanger admission", () => {
  test("a pod without resources gets the defaults and the annotation saying so", async () => {
    const r = await h.call("POST", PODS, pod("bare"));
    expect(r.status).toBe(201);
    // max memory 1Gi also defaults memory's limit and request (LimitRange defaulting), as upstream
    expect(r.body.spec.containers[0].resources).toEqual({ limits: { cpu: "500m", memory: "1Gi" }, requests: { cpu: "100m", memory: "1Gi" } });
    expect(r.body.metadata.annotations["kubernetes.io/limit-ranger"]).toBe("LimitRanger plugin set: cpu, memory request for container c; cpu, memory limit for container c");
    const free = await h.call("POST", "/api/v1/namespaces/free/pods", pod("bare"));
    expect(free.body.spec.containers[0].resources ?? {}).toEqual({});
  });

  test("a limit without a request becomes the request, as upstream's defaulting before admission", async () => {
    const r = await h.call("POST", PODS, withResources("limited", { limits: { cpu: "1", memory: "512Mi" } }));
    expect(r.status).toBe(201);
    expect(r.body.spec.containers[0].resources).toEqual({ limits: { cpu: "1", memory: "512Mi" }, requests: { cpu: "1", memory: "512Mi" } });
    expect(r.body.metadata.annotations?.["kubernetes.io/limit-ranger"]).toBeUndefined();
  });

  test("values outside min and max are refused with upstream's texts", async () => {
    const big = await h.call("POST", PODS, withResources("big", { limits: { memory: "2Gi" } }));
    expect(big.status).toBe(403);
    expect(big.body.message).toBe('pods "big" is forbidden: maximum memory usage per Container is 1Gi, but limit is 2Gi');
    const both = await h.call("POST", PODS, withResources("both", { requests: { cpu: "10m" }, limits: { memory: "2Gi" } }));
    expect(both.status).toBe(403);
    expect(both.body.message).toBe('pods "both" is forbidden: [minimum cpu usage per Container is 50m, but request is 10m, maximum memory usage per Container is 1Gi, but limit is 2Gi, cpu max limit to request ratio per Container is 10, but provided ratio is 50.000000]');
    expect((await h.call("GET", `${PODS}/both`)).status).toBe(404);
  });

  test("Pod items bound the sum of the containers", async () => {
    const containers = [1, 2, 3].map((i) => ({ name: `c${i}`, image: "busybox", resources: { limits: { cpu: "800m" } } }));
    const r = await h.call("POST", PODS, pod("many", { containers }));
    expect(r.status).toBe(403);
    expect(r.body.message).toBe('pods "many" is forbidden: maximum cpu usage per Pod is 2, but limit is 2400m');
  });

  test("claims outside the storage bounds are refused", async () => {
    const claim = (name: string, storage: string) => ({ apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage } } } });
    const small = await h.call("POST", `/api/v1/namespaces/${NS}/persistentvolumeclaims`, claim("small", "500Mi"));
    expect(small.status).toBe(403);
    expect(small.body.message).toBe('persistentvolumeclaims "small" is forbidden: minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi');
    expect((await h.call("POST", `/api/v1/namespaces/${NS}/persistentvolumeclaims`, claim("fine", "5Gi"))).status).toBe(201);
  });
});
