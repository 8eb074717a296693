import { describe, expect, test } from "bun:test";
import { applyConflictMessage, serverSideApply, updateManagedFields } from "../../../../src/api/apply/index.ts";
import { applyDefaults } from "../../../../src/api/defaults/index.ts";
import type { KubeObject } from "../../../../src/api/meta/types.ts";
import { applyStrategicMergePatch } from "../../../../src/api/patch/index.ts";
import { resourceFor } from "../../../../src/api/resources.ts";
import { fieldSchemaFor } from "../../../../src/api/schema/field-schema.ts";
import { errorString, validateObject } from "../../../../src/api/validation/index.ts";

/** The machinery end to end with the declared schemas of real kinds. */

const deployments = resourceFor("apps", "v1", "deployments")!;
const services = resourceFor("", "v1", "services")!;
const schema = fieldSchemaFor("apps/v1", "Deployment");

const manifest = (image = "nginx:1.27", replicas = 2): KubeObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "default", labels: { app: "web" } },
  spec: {
    replicas,
    selector: { matchLabels: { app: "web" } },
    template: {
      metadata: { labels: { app: "web" } },
      spec: { containers: [{ name: "nginx", image, ports: [{ containerPort: 80 }], env: [{ name: "A", value: "1" }] }] },
    },
  },
});

/** What the apiserver does on create: defaults, validation, managed fields. */
function create(obj: KubeObject, manager: string): KubeObject {
  applyDefaults(deployments, obj);
  expect(validateObject(deployments, obj).map(errorString)).toEqual([]);
  obj.metadata.managedFields = updateManagedFields(undefined, obj, { manager, operation: "Update", apiVersion: "apps/v1", schema, now: new Date("2025-01-01T00:00:00.123Z") });
  return obj;
}

describe("real schemas", () => {
  test("create records defaults under the creator; times are whole seconds", () => {
    const d = create(manifest(), "kubectl-client-side-apply");
    const e = d.metadata.managedFields![0]!;
    expect(e.time).toBe("2025-01-01T00:00:00Z");
    const fv1 = JSON.stringify(e.fieldsV1);
    for (const f of ["f:progressDeadlineSeconds", "f:revisionHistoryLimit", "f:dnsPolicy", "f:terminationMessagePath", 'k:{\\"containerPort\\":80,\\"protocol\\":\\"TCP\\"}', "f:selector"]) {
      expect(fv1).toContain(f);
    }
  });

  test("strategic merge patch (kubectl set image shape) then validation", () => {
    const d = create(manifest(), "kubectl-client-side-apply");
    const patched = applyStrategicMergePatch(d, { spec: { template: { spec: { containers: [{ name: "nginx", image: "nginx:1.28" }] } } } }, schema) as KubeObject;
    applyDefaults(deployments, patched, d);
    expect(validateObject(deployments, patched, d).map(errorString)).toEqual([]);
    expect((patched.spec as any).template.spec.containers[0]).toMatchObject({ name: "nginx", image: "nginx:1.28", env: [{ name: "A", value: "1" }] });
    const mf = updateManagedFields(d, patched, { manager: "kubectl-set", operation: "Update", apiVersion: "apps/v1", schema, now: "2025-01-01T00:01:00Z" });
    expect(mf.map((e) => e.manager)).toEqual(["kubectl-client-side-apply", "kubectl-set"]);
    expect(mf[1]!.fieldsV1).toEqual({ "f:spec": { "f:template": { "f:spec": { "f:containers": { 'k:{"name":"nginx"}': { "f:image": {} } } } } } });
  });

  test("server-side apply over a client-side apply, then a conflicting apply by another manager", () => {
    const d = create(manifest(), "kubectl-client-side-apply");
    const ssa = serverSideApply(d, manifest("nginx:1.27", 2), { manager: "helm", force: false, apiVersion: "apps/v1", schema, now: "2025-01-01T00:02:00Z" });
    expect(ssa.conflicts).toEqual([]);
    const changed = serverSideApply(ssa.object, manifest("nginx:2", 2), { manager: "helm", force: false, apiVersion: "apps/v1", schema, now: "2025-01-01T00:03:00Z" });
    expect(applyConflictMessage(changed.conflicts)).toBe(
      'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.template.spec.containers[name="nginx"].image',
    );
  });

  test("service ports merge by port with the real schema", () => {
    const svcSchema = fieldSchemaFor("v1", "Service");
    const svc: KubeObject = { apiVersion: "v1", kind: "Service", metadata: { name: "s", namespace: "d" }, spec: { selector: { app: "a" }, ports: [{ port: 80, targetPort: 8080 }] } };
    applyDefaults(services, svc);
    const out = applyStrategicMergePatch(svc, { spec: { ports: [{ port: 80, targetPort: 9090 }] } }, svcSchema) as any;
    expect(out.spec.ports).toEqual([{ port: 80, targetPort: 9090, protocol: "TCP" }]);
  });
});
