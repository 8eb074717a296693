import { describe, expect, test } from "bun:test";
import type { KubeObject } from "../../../../src/api/meta/index.ts";
import { resourceFor } from "../../../../src/api/resources.ts";
import { AdmissionChain } from "../../../../src/apiserver/admission/chain.ts";
import type { AdmissionAttributes, AdmissionLookup, MutatingPlugin } from "../../../../src/apiserver/admission/types.ts";

const lookup: AdmissionLookup = { get: () => undefined, getLive: async () => undefined, list: () => [] };
const attributes = (): AdmissionAttributes => ({
  resource: resourceFor("", "v1", "configmaps")!,
  subresource: "",
  operation: "CREATE",
  namespace: "ns",
  name: "c",
  object: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" } } as KubeObject,
  oldObject: undefined,
  user: { name: "admin", groups: [] },
  dryRun: false,
});

/** A plugin that records each call and whether it was the second round, and may ask for one. */
function recorder(name: string, calls: string[], asks: boolean): MutatingPlugin {
  return {
    name,
    operations: ["CREATE"],
    admit(a) {
      calls.push(`${name}${a.reinvocation?.again ? "'" : ""}`);
      if (asks) a.reinvocation?.request();
    },
  };
}

describe("AdmissionChain reinvocation", () => {
  test("without a request the mutating plugins run once", async () => {
    const calls: string[] = [];
    await new AdmissionChain([recorder("a", calls, false), recorder("b", calls, false)], [], lookup).admit(attributes());
    expect(calls).toEqual(["a", "b"]);
  });

  test("a request runs every mutating plugin once more, never a third time", async () => {
    const calls: string[] = [];
    await new AdmissionChain([recorder("a", calls, false), recorder("b", calls, true)], [], lookup).admit(attributes());
    expect(calls).toEqual(["a", "b", "a'", "b'"]);
  });
});
