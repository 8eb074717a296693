import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eventually } from "../../helpers/api-cluster.ts";
import { startHarness, type Harness } from "./harness.ts";

/**
 * The APIServices the apiserver keeps (upstream's kube-aggregator autoregistration and
 * availability): a Local one per served group version from the start, one per custom
 * resource group version while its CRD is established, and availability of APIServices
 * that name a Service (aggregated-apis.test.ts covers one that answers).
 */

let h: Harness;
const API = "/apis/apiregistration.k8s.io/v1/apiservices";

function available(o: any): any {
  return (o.status?.conditions ?? []).find((c: any) => c.type === "Available");
}

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

describe("Local APIServices", () => {
  test("every built-in group version has one once the server is ready", async () => {
    const list = await h.call("GET", API);
    const names = list.body.items.map((i: any) => i.metadata.name);
    expect(names).toContain("v1.");
    expect(names).toContain("v1.apps");
    expect(names).toContain("v1.apiextensions.k8s.io");
    expect(names).toContain("v1beta1.metrics.k8s.io");
    const apps = list.body.items.find((i: any) => i.metadata.name === "v1.apps");
    expect(apps.spec).toMatchObject({ group: "apps", version: "v1", groupPriorityMinimum: 17800, versionPriority: 15 });
    expect(apps.spec.service).toBeUndefined();
    expect(apps.metadata.labels).toEqual({ "kube-aggregator.kubernetes.io/automanaged": "onstart" });
    expect(available(apps)).toMatchObject({ status: "True", reason: "Local", message: "Local APIServices are always available" });
  });

  test("a CRD's group version gets one while it is served, and loses it with the CRD", async () => {
    const crd = {
      apiVersion: "apiextensions.k8s.io/v1",
      kind: "CustomResourceDefinition",
      metadata: { name: "gears.example.org" },
      spec: { group: "example.org", scope: "Cluster", names: { plural: "gears", kind: "Gear" }, versions: [{ name: "v1alpha1", served: true, storage: true, schema: { openAPIV3Schema: { type: "object" } } }] },
    };
    expect((await h.call("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd)).status).toBe(201);
    const svc = await eventually("the expected state", async () => {
      const r = await h.call("GET", `${API}/v1alpha1.example.org`);
      return r.status === 200 && available(r.body) ? r.body : undefined;
    });
    expect(svc.metadata.labels).toEqual({ "kube-aggregator.kubernetes.io/automanaged": "true" });
    expect(svc.spec).toMatchObject({ group: "example.org", version: "v1alpha1", groupPriorityMinimum: 1000, versionPriority: 100 });
    expect(available(svc).reason).toBe("Local");
    await h.call("DELETE", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gears.example.org");
    await eventually("the expected state", async () => ((await h.call("GET", `${API}/v1alpha1.example.org`)).status === 404 ? true : undefined));
  });
});

describe("APIServices that name a Service", () => {
  const external = (name: string, group: string, version: string) => ({
    apiVersion: "apiregistration.k8s.io/v1",
    kind: "APIService",
    metadata: { name },
    spec: { group, version, service: { namespace: "default", name: "adapter", port: 443 }, groupPriorityMinimum: 100, versionPriority: 100, insecureSkipTLSVerify: true },
  });

  test("report the missing Service, then missing endpoints, then a failed discovery check", async () => {
    expect((await h.call("POST", API, external("v1beta1.custom.metrics.k8s.io", "custom.metrics.k8s.io", "v1beta1"))).status).toBe(201);
    const cond = async (reason: string) =>
      eventually("the expected state", async () => {
        const c = available((await h.call("GET", `${API}/v1beta1.custom.metrics.k8s.io`)).body);
        return c?.reason === reason ? c : undefined;
      });
    expect(await cond("ServiceNotFound")).toMatchObject({ status: "False", message: 'service/adapter in "default" is not present' });
    await h.call("POST", "/api/v1/namespaces/default/services", { apiVersion: "v1", kind: "Service", metadata: { name: "adapter" }, spec: { ports: [{ port: 443, targetPort: 6443 }] } });
    expect((await cond("MissingEndpoints")).status).toBe("False");
    await h.call("PUT", "/api/v1/namespaces/default/endpoints/adapter", { apiVersion: "v1", kind: "Endpoints", metadata: { name: "adapter" }, subsets: [{ addresses: [{ ip: "127.0.0.1" }], ports: [{ port: 1 }] }] });
    const failed = await cond("FailedDiscoveryCheck");
    expect(failed.status).toBe("False");
    expect(failed.message).toStartWith("failing or missing response from https://127.0.0.1:1/apis/custom.metrics.k8s.io/v1beta1:");
  });

  test("one for a group version the server serves itself (metrics-server's) is available", async () => {
    const cur = (await h.call("GET", `${API}/v1beta1.metrics.k8s.io`)).body;
    const r = await h.call("PUT", `${API}/v1beta1.metrics.k8s.io`, { ...external("v1beta1.metrics.k8s.io", "metrics.k8s.io", "v1beta1"), metadata: { name: "v1beta1.metrics.k8s.io", resourceVersion: cur.metadata.resourceVersion } });
    expect(r.status).toBe(200);
    const c = await eventually("the expected state", async () => {
      const a = available((await h.call("GET", `${API}/v1beta1.metrics.k8s.io`)).body);
      return a?.reason === "Passed" ? a : undefined;
    });
    expect(c.status).toBe("True");
  });
});
