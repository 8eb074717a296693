import { afterEach, describe, expect, test } from "bun:test";
import { ANY_FIELD } from "../../../../src/api/meta/field-schema.ts";
import { ALL_VERBS, type ResourceInfo } from "../../../../src/api/resources.ts";
import { RegistrySet } from "../../../../src/apiserver/registry/registry-set.ts";
import type { Store } from "../../../../src/storage/interface.ts";
import { openMemoryStore } from "../../../../src/storage/memory/index.ts";

function widgets(version: string): ResourceInfo {
  return {
    group: "example.com",
    version,
    kind: "Widget",
    listKind: "WidgetList",
    plural: "widgets",
    singular: "widget",
    namespaced: true,
    verbs: ALL_VERBS,
    custom: { crd: "widgets.example.com", storageVersion: "v1", schema: undefined, fieldSchema: ANY_FIELD, columns: [], prune: () => [], defaults: () => {}, validate: () => [], terminating: () => false },
  };
}

const sets: RegistrySet[] = [];
afterEach(() => {
  for (const s of sets.splice(0)) s.stop();
});

describe("RegistrySet.setCustomResources", () => {
  test("serves each version with its own registry, then stops serving", async () => {
    const regs = new RegistrySet(await openMemoryStore());
    sets.push(regs);
    await regs.ready;
    await regs.setCustomResources("widgets.example.com", [widgets("v1"), widgets("v1beta1")]);
    expect(regs.catalog.resourceFor("example.com", "v1beta1", "widgets")?.kind).toBe("Widget");
    expect(regs.registry({ group: "example.com", plural: "widgets", version: "v1beta1" })?.apiVersion).toBe("example.com/v1beta1");
    expect(regs.registry({ group: "example.com", plural: "widgets" })?.apiVersion).toBe("example.com/v1");
    await regs.setCustomResources("widgets.example.com", []);
    expect(regs.catalog.resourceFor("example.com", "v1", "widgets")).toBeUndefined();
    expect(regs.registry({ group: "example.com", plural: "widgets" })).toBeUndefined();
  });

  test("a store failure serves nothing and leaves no cache behind; a later call serves", async () => {
    const store = await openMemoryStore();
    let fail = true;
    const flaky = new Proxy(store, {
      get(target, prop, receiver) {
        if (prop === "list") {
          return (prefix: string, ...rest: unknown[]) => {
            if (fail && prefix.startsWith("/registry/example.com/")) return Promise.reject(new Error("store unavailable"));
            return (target.list as (...a: unknown[]) => unknown).call(target, prefix, ...rest);
          };
        }
        const v = Reflect.get(target, prop, receiver);
        return typeof v === "function" ? v.bind(target) : v;
      },
    }) as Store;
    const regs = new RegistrySet(flaky);
    sets.push(regs);
    await regs.ready;
    const before = regs.all().length;
    await expect(regs.setCustomResources("widgets.example.com", [widgets("v1")])).rejects.toThrow("store unavailable");
    expect(regs.catalog.resourceFor("example.com", "v1", "widgets")).toBeUndefined();
    expect(regs.all().length).toBe(before);
    fail = false;
    await regs.setCustomResources("widgets.example.com", [widgets("v1")]);
    expect(regs.catalog.resourceFor("example.com", "v1", "widgets")).toBeDefined();
  });
});
