import { describe, expect, test } from "bun:test";
import { failureConditions, updatedConditions } from "../../../../src/controllers/namespace/conditions.ts";

const NOW = Date.parse("2026-01-01T00:00:00Z");

describe("namespace deletion conditions", () => {
  test("all ok: five False conditions with upstream reasons", () => {
    const { conditions, changed } = updatedConditions(undefined, failureConditions({ remaining: new Map(), finalizers: new Map(), errors: [] }, NOW), NOW);
    expect(changed).toBe(true);
    expect(conditions.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ["NamespaceDeletionDiscoveryFailure", "False", "ResourcesDiscovered", "All resources successfully discovered"],
      ["NamespaceDeletionGroupVersionParsingFailure", "False", "ParsedGroupVersions", "All legacy kube types successfully parsed"],
      ["NamespaceDeletionContentFailure", "False", "ContentDeleted", "All content successfully deleted, may be waiting on finalization"],
      ["NamespaceContentRemaining", "False", "ContentRemoved", "All content successfully removed"],
      ["NamespaceFinalizersRemaining", "False", "ContentHasNoFinalizers", "All content-preserving finalizers finished"],
    ]);
    const again = updatedConditions(conditions, [], NOW + 60_000);
    expect(again.changed).toBe(false);
    expect(again.conditions).toEqual(conditions);
  });

  test("remaining content and finalizers are reported as upstream words them", () => {
    const totals = { remaining: new Map([["pods.", 2], ["configmaps.", 1]]), finalizers: new Map([["example.com/x", 3]]), errors: ["boom"] };
    const failures = failureConditions(totals, NOW);
    const byType = Object.fromEntries(failures.map((c) => [c.type, c]));
    expect(byType.NamespaceContentRemaining).toMatchObject({ status: "True", reason: "SomeResourcesRemain", message: "Some resources are remaining: configmaps. has 1 resource instances, pods. has 2 resource instances" });
    expect(byType.NamespaceFinalizersRemaining).toMatchObject({ status: "True", reason: "SomeFinalizersRemain", message: "Some content in the namespace has finalizers remaining: example.com/x in 3 resource instances" });
    expect(byType.NamespaceDeletionContentFailure).toMatchObject({ status: "True", reason: "ContentDeletionFailed", message: "Failed to delete all resource types, 1 remaining: boom" });
    const other = { type: "Custom", status: "True" };
    const { conditions } = updatedConditions([other], failures, NOW);
    expect(conditions[0]).toEqual(other);
    expect(conditions).toHaveLength(6);
  });
});
