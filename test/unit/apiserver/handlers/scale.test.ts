/**
 * The scale subresource of a custom resource over a fake registry: replicas are read and
 * written at the CRD's paths, whose segments are the object's own members whatever their
 * names.
 */
import { describe, expect, test } from "bun:test";
import type { KubeObject } from "../../../../src/api/meta/types.ts";
import type { ResourceInfo } from "../../../../src/api/resources.ts";
import { scaleOf, writeScale } from "../../../../src/apiserver/handlers/scale.ts";
import type { ResourceRegistry } from "../../../../src/apiserver/registry/resource-registry.ts";
import type { RequestScope } from "../../../../src/apiserver/registry/scope.ts";

function resource(specReplicasPath: string): ResourceInfo {
  return { group: "x.io", version: "v1", kind: "Widget", plural: "widgets", namespaced: true, custom: { scale: { specReplicasPath, statusReplicasPath: ".status.replicas" } } } as unknown as ResourceInfo;
}

/** A registry holding one object; update runs the edit on it and stores the result. */
function registry(ri: ResourceInfo, stored: KubeObject): { reg: ResourceRegistry; current: () => KubeObject } {
  let obj = stored;
  const reg = {
    ri,
    qr: { group: ri.group, resource: ri.plural },
    async update(_scope: unknown, _ns: string, _name: string, edit: (current: KubeObject) => KubeObject) {
      obj = edit(obj);
      return { obj, created: false };
    },
  } as unknown as ResourceRegistry;
  return { reg, current: () => obj };
}

const widget = (spec: string): KubeObject =>
  JSON.parse(`{"apiVersion":"x.io/v1","kind":"Widget","metadata":{"name":"w","namespace":"ns","uid":"u","resourceVersion":"1","creationTimestamp":"2025-01-01T00:00:00Z"},"spec":${spec}}`);

async function scaleTo(path: string, spec: string, replicas: number): Promise<{ stored: unknown; answered: unknown }> {
  const ri = resource(path);
  const { reg, current } = registry(ri, widget(spec));
  const res = await writeScale(reg, {} as RequestScope, "ns", "w", (s) => ({ ...s, spec: { replicas } }));
  return { stored: current()["spec"], answered: (res.obj["spec"] as { replicas: number }).replicas };
}

describe("custom resource scale paths", () => {
  test("replicas are written at the path, creating what is missing", async () => {
    expect(await scaleTo(".spec.replicas", `{"replicas":1}`, 3)).toEqual({ stored: { replicas: 3 }, answered: 3 });
    expect(await scaleTo(".spec.scaling.count", `{}`, 2)).toEqual({ stored: { scaling: { count: 2 } }, answered: 2 });
  });

  test("path segments named like Object.prototype members are own members", async () => {
    const own = (json: string) => JSON.parse(json);
    expect(await scaleTo(".spec.__proto__", `{}`, 3)).toEqual({ stored: own(`{"__proto__":3}`), answered: 3 });
    expect(await scaleTo(".spec.__proto__", `{"__proto__":1}`, 4)).toEqual({ stored: own(`{"__proto__":4}`), answered: 4 });
    expect(await scaleTo(".spec.constructor.replicas", `{}`, 5)).toEqual({ stored: { constructor: { replicas: 5 } }, answered: 5 });
    expect(scaleOf(resource(".spec.constructor"), widget(`{}`))["spec"]).toEqual({ replicas: 0 });
  });
});
