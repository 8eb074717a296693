import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { deployment, pod, startHarness, type Harness } from "./harness.ts";

/**
 * Pod Security admission over the API, driven by namespace labels: enforce refuses pods
 * that violate the level with upstream's text, warn answers the same text as a Warning
 * header, and workloads are warned about but never refused.
 */

let h: Harness;
const restrictedContainer = {
  name: "c",
  image: "busybox",
  securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" } },
};

async function namespace(name: string, labels: Record<string, string>): Promise<void> {
  const r = await h.call("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name, labels } });
  if (r.status !== 201) throw new Error(JSON.stringify(r.body));
}

beforeAll(async () => {
  h = await startHarness();
  await namespace("strict", { "pod-security.kubernetes.io/enforce": "restricted" });
  await namespace("base", { "pod-security.kubernetes.io/enforce": "baseline", "pod-security.kubernetes.io/warn": "restricted", "pod-security.kubernetes.io/warn-version": "v1.34" });
});
afterAll(() => h.stop());

describe("PodSecurity admission", () => {
  test("enforce=restricted refuses a plain pod with upstream's text and admits a compliant one", async () => {
    const r = await h.call("POST", "/api/v1/namespaces/strict/pods", pod("plain"));
    expect(r.status).toBe(403);
    expect(r.body.message).toBe(
      'pods "plain" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "c" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "c" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "c" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "c" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    );
    const ok = await h.call("POST", "/api/v1/namespaces/strict/pods", pod("compliant", { containers: [restrictedContainer] }));
    expect(ok.status).toBe(201);
    expect(ok.headers.get("warning")).toBeNull();
  });

  test("enforce=baseline refuses host namespaces, privileged containers and host ports; warn=restricted warns", async () => {
    const bad = await h.call("POST", "/api/v1/namespaces/base/pods", pod("host", { hostNetwork: true, containers: [{ name: "c", image: "busybox", securityContext: { privileged: true }, ports: [{ containerPort: 8080, hostPort: 8080 }] }] }));
    expect(bad.status).toBe(403);
    expect(bad.body.message).toBe(
      'pods "host" is forbidden: violates PodSecurity "baseline:latest": host namespaces (hostNetwork=true), hostPort (container "c" uses hostPort 8080), privileged (container "c" must not set securityContext.privileged=true)',
    );
    const warned = await h.call("POST", "/api/v1/namespaces/base/pods", pod("warned"));
    expect(warned.status).toBe(201);
    expect(warned.headers.get("warning")).toContain('would violate PodSecurity \\"restricted:v1.34\\": allowPrivilegeEscalation != false');
  });

  test("workloads are warned about, never refused", async () => {
    const r = await h.call("POST", "/apis/apps/v1/namespaces/strict/deployments", deployment("web"));
    expect(r.status).toBe(201);
    expect(r.headers.get("warning")).toContain('would violate PodSecurity \\"restricted:latest\\": allowPrivilegeEscalation != false (container');
    // an update that leaves the template alone is not checked again; one that changes it is
    const labelled = await h.call("PATCH", "/apis/apps/v1/namespaces/strict/deployments/web", { metadata: { labels: { touched: "yes" } } }, { "content-type": "application/merge-patch+json" });
    expect(labelled.status).toBe(200);
    expect(labelled.headers.get("warning")).toBeNull();
    const retemplated = await h.call("PATCH", "/apis/apps/v1/namespaces/strict/deployments/web", { spec: { template: { metadata: { labels: { v: "2" } } } } }, { "content-type": "application/merge-patch+json" });
    expect(retemplated.headers.get("warning")).toContain("would violate PodSecurity");
  });

  test("namespaces without the labels are not checked", async () => {
    await namespace("open", {});
    const r = await h.call("POST", "/api/v1/namespaces/open/pods", pod("anything", { hostPID: true }));
    expect(r.status).toBe(201);
    expect(r.headers.get("warning")).toBeNull();
  });
});
