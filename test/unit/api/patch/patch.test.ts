import { describe, expect, test } from "bun:test";
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch, decodeJsonPatch, PatchError } from "../../../../src/api/patch/index.ts";
import { deployment, service } from "./schema-fixture.ts";

describe("JSON patch (RFC 6902, evanphx v4 semantics)", () => {
  const doc = { metadata: { name: "web", labels: { app: "web" } }, spec: { replicas: 1, list: ["a", "b"] } };
  const ok: [string, unknown[], unknown][] = [
    ["add key", [{ op: "add", path: "/metadata/labels/tier", value: "fe" }], { metadata: { name: "web", labels: { app: "web", tier: "fe" } }, spec: doc.spec }],
    ["replace", [{ op: "replace", path: "/spec/replicas", value: 3 }], { ...doc, spec: { replicas: 3, list: ["a", "b"] } }],
    ["replace missing key sets it", [{ op: "replace", path: "/spec/paused", value: true }], { ...doc, spec: { ...doc.spec, paused: true } }],
    ["remove", [{ op: "remove", path: "/metadata/labels/app" }], { ...doc, metadata: { name: "web", labels: {} } }],
    ["append with -", [{ op: "add", path: "/spec/list/-", value: "c" }], { ...doc, spec: { replicas: 1, list: ["a", "b", "c"] } }],
    ["insert at index", [{ op: "add", path: "/spec/list/0", value: "z" }], { ...doc, spec: { replicas: 1, list: ["z", "a", "b"] } }],
    ["negative index", [{ op: "remove", path: "/spec/list/-1" }], { ...doc, spec: { replicas: 1, list: ["a"] } }],
    ["test then replace", [{ op: "test", path: "/spec/replicas", value: 1 }, { op: "replace", path: "/spec/replicas", value: 2 }], { ...doc, spec: { replicas: 2, list: ["a", "b"] } }],
    ["move", [{ op: "move", from: "/metadata/labels/app", path: "/metadata/name" }], { metadata: { name: "web", labels: {} }, spec: doc.spec }],
    ["copy", [{ op: "copy", from: "/metadata/name", path: "/metadata/labels/name" }], { ...doc, metadata: { name: "web", labels: { app: "web", name: "web" } } }],
    ["escaped pointer", [{ op: "add", path: "/metadata/labels/example.com~1tier", value: "x" }], { ...doc, metadata: { name: "web", labels: { app: "web", "example.com/tier": "x" } } }],
  ];
  for (const [name, ops, want] of ok) test(name, () => expect(applyJsonPatch<unknown>(doc, decodeJsonPatch(ops))).toEqual(want));

  const bad: [string, unknown[], string][] = [
    ["test fails", [{ op: "test", path: "/spec/replicas", value: 2 }], "testing value /spec/replicas failed: test failed"],
    ["missing parent", [{ op: "add", path: "/spec/template/x", value: 1 }], 'add operation does not apply: doc is missing path: "/spec/template/x": missing value'],
    ["remove missing", [{ op: "remove", path: "/metadata/labels/x" }], "error in remove for path: '/metadata/labels/x': Unable to remove nonexistent key: x: missing value"],
    ["index out of range", [{ op: "add", path: "/spec/list/5", value: 1 }], "error in add for path: '/spec/list/5': Unable to access invalid index: 5: invalid index referenced"],
    ["unknown op", [{ op: "frobnicate", path: "/a" }], "Unexpected kind: frobnicate"],
  ];
  for (const [name, ops, message] of bad) {
    test(name, () => {
      expect(() => applyJsonPatch(doc, decodeJsonPatch(ops))).toThrow(new PatchError(message));
    });
  }
  test("input is not modified and body shape is checked", () => {
    applyJsonPatch(doc, [{ op: "replace", path: "/spec/replicas", value: 9 }]);
    expect(doc.spec.replicas).toBe(1);
    expect(() => decodeJsonPatch({})).toThrow("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
  });
});

describe("JSON merge patch (RFC 7396)", () => {
  const cases: [string, unknown, unknown, unknown][] = [
    ["merge objects", { a: 1, b: { c: 2 } }, { b: { d: 3 } }, { a: 1, b: { c: 2, d: 3 } }],
    ["null deletes", { a: 1, b: 2 }, { a: null }, { b: 2 }],
    ["lists replace", { l: [1, 2] }, { l: [3] }, { l: [3] }],
    ["nested nulls pruned in new values", {}, { a: { b: null, c: 1 } }, { a: { c: 1 } }],
    ["scalar over object", { a: { b: 1 } }, { a: 5 }, { a: 5 }],
    ["RFC 7396 example", { title: "Goodbye!", author: { givenName: "John", familyName: "Doe" }, tags: ["example", "sample"], content: "This will be unchanged" }, { title: "Hello!", phoneNumber: "+01-123-456-7890", author: { familyName: null }, tags: ["example"] }, { title: "Hello!", author: { givenName: "John" }, tags: ["example"], content: "This will be unchanged", phoneNumber: "+01-123-456-7890" }],
  ];
  for (const [name, doc, patch, want] of cases) test(name, () => expect(applyMergePatch(doc, patch)).toEqual(want));
  test("null patch is a bad request", () => expect(() => applyMergePatch({}, null)).toThrow(new PatchError("Invalid JSON Patch", 400)));
});

const live = () => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", labels: { app: "web" }, finalizers: ["a", "b"] },
  spec: {
    replicas: 1,
    strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } },
    template: {
      metadata: { labels: { app: "web" } },
      spec: {
        containers: [
          {
            name: "web",
            image: "nginx:1",
            args: ["-a"],
            ports: [{ containerPort: 80, protocol: "TCP" }],
            env: [
              { name: "A", value: "1" },
              { name: "B", value: "2" },
            ],
          },
          { name: "sidecar", image: "busybox" },
        ],
        volumes: [{ name: "data", emptyDir: {} }],
        tolerations: [{ key: "k", operator: "Exists" }],
      },
    },
  },
});

const smp = (patch: unknown) => applyStrategicMergePatch(live(), patch, deployment) as any;

describe("strategic merge patch", () => {
  test("containers merge by name; image changes, others kept", () => {
    const out = smp({ spec: { template: { spec: { containers: [{ name: "web", image: "nginx:2" }] } } } });
    expect(out.spec.template.spec.containers.map((c: any) => [c.name, c.image])).toEqual([
      ["web", "nginx:2"],
      ["sidecar", "busybox"],
    ]);
    expect(out.spec.template.spec.containers[0].ports).toEqual([{ containerPort: 80, protocol: "TCP" }]);
  });
  test("new container is appended after the patch's order rules", () => {
    const out = smp({ spec: { template: { spec: { containers: [{ name: "new", image: "x" }] } } } });
    expect(out.spec.template.spec.containers.map((c: any) => c.name)).toEqual(["new", "web", "sidecar"]);
  });
  test("env merges by name, ports by containerPort", () => {
    const out = smp({
      spec: { template: { spec: { containers: [{ name: "web", env: [{ name: "B", value: "two" }, { name: "C", value: "3" }], ports: [{ containerPort: 443 }] }] } } },
    });
    const c = out.spec.template.spec.containers[0];
    expect(c.env).toEqual([
      { name: "A", value: "1" },
      { name: "B", value: "two" },
      { name: "C", value: "3" },
    ]);
    expect(c.ports.map((p: any) => p.containerPort)).toEqual([443, 80]);
  });
  test("atomic lists (args, tolerations) are replaced", () => {
    const out = smp({ spec: { template: { spec: { containers: [{ name: "web", args: ["-b"] }], tolerations: [] } } } });
    expect(out.spec.template.spec.containers[0].args).toEqual(["-b"]);
    expect(out.spec.template.spec.tolerations).toEqual([]);
  });
  test("$patch: delete removes a list element", () => {
    const out = smp({ spec: { template: { spec: { containers: [{ name: "sidecar", $patch: "delete" }] } } } });
    expect(out.spec.template.spec.containers.map((c: any) => c.name)).toEqual(["web"]);
  });
  test("$patch: replace on a list", () => {
    const out = smp({ spec: { template: { spec: { containers: [{ name: "only", image: "x" }, { $patch: "replace" }] } } } });
    expect(out.spec.template.spec.containers).toEqual([{ name: "only", image: "x" }]);
  });
  test("$patch: replace on a map and delete on a map", () => {
    expect(smp({ metadata: { labels: { tier: "fe", $patch: "replace" } } }).metadata.labels).toEqual({ tier: "fe" });
    expect(smp({ metadata: { labels: { $patch: "delete" } } }).metadata.labels).toEqual({});
  });
  test("null deletes keys", () => {
    const out = smp({ metadata: { labels: { app: null } }, spec: { replicas: null } });
    expect(out.metadata.labels).toEqual({});
    expect(out.spec.replicas).toBeUndefined();
  });
  test("$setElementOrder orders a merged list", () => {
    const out = smp({
      spec: {
        template: {
          spec: {
            ["$setElementOrder/containers"]: [{ name: "sidecar" }, { name: "web" }],
            containers: [{ name: "web", image: "nginx:3" }],
          },
        },
      },
    });
    expect(out.spec.template.spec.containers.map((c: any) => [c.name, c.image])).toEqual([
      ["sidecar", "busybox"],
      ["web", "nginx:3"],
    ]);
    expect(Object.keys(out.spec.template.spec).some((k) => k.startsWith("$"))).toBe(false);
  });
  test("finalizers: primitive merge list, $deleteFromPrimitiveList", () => {
    expect(smp({ metadata: { finalizers: ["b", "c"] } }).metadata.finalizers).toEqual(["a", "b", "c"]);
    expect(smp({ metadata: { ["$deleteFromPrimitiveList/finalizers"]: ["a"] } }).metadata.finalizers).toEqual(["b"]);
    expect(smp({ metadata: { ["$setElementOrder/finalizers"]: ["b", "a"] } }).metadata.finalizers).toEqual(["b", "a"]);
  });
  test("$retainKeys clears unlisted keys (kubectl switching to Recreate)", () => {
    const out = smp({ spec: { strategy: { $retainKeys: ["type"], type: "Recreate", rollingUpdate: null } } });
    expect(out.spec.strategy).toEqual({ type: "Recreate" });
  });
  test("retainKeys must list every patched field", () => {
    expect(() => smp({ spec: { strategy: { $retainKeys: ["type"], rollingUpdate: { maxSurge: 1 } } } })).toThrow(new PatchError("invalid patch format of retainKeys", 400));
  });
  test("a new field with directives is cleaned", () => {
    const base = live() as any;
    delete base.spec.template.spec.volumes;
    const out = applyStrategicMergePatch(base, { spec: { template: { spec: { volumes: [{ name: "x", emptyDir: {} }, { name: "gone", $patch: "delete" }] } } } }, deployment) as any;
    expect(out.spec.template.spec.volumes).toEqual([{ name: "x", emptyDir: {} }]);
  });
  test("element without merge key is upstream's 500 error", () => {
    expect(() => smp({ spec: { template: { spec: { containers: [{ image: "nginx" }] } } } })).toThrow(
      new PatchError("map: map[image:nginx] does not contain declared merge key: name", 500),
    );
  });
  test("body must be an object", () => {
    expect(() => applyStrategicMergePatch({}, [1], deployment)).toThrow(new PatchError("json: cannot unmarshal array into Go value of type map[string]interface {}", 400));
  });
  test("service ports merge by port", () => {
    const svc = { metadata: { name: "s" }, spec: { ports: [{ port: 80, targetPort: 8080, protocol: "TCP" }], selector: { app: "a", tier: "b" } } };
    const out = applyStrategicMergePatch(svc, { spec: { ports: [{ port: 80, targetPort: 9090 }, { port: 443 }] } }, service) as any;
    expect(out.spec.ports).toEqual([
      { port: 80, targetPort: 9090, protocol: "TCP" },
      { port: 443 },
    ]);
  });
  test("input is not modified", () => {
    const l = live();
    applyStrategicMergePatch(l, { spec: { replicas: 5 } }, deployment);
    expect(l.spec.replicas).toBe(1);
  });
});
