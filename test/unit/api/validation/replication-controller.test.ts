import { describe, expect, test } from "bun:test";
import type { KubeObject } from "../../../../src/api/meta/types.ts";
import { resourceFor } from "../../../../src/api/resources.ts";
import { errorString, formatInvalidMessage, validateObject } from "../../../../src/api/validation/index.ts";
import { clone, template } from "./fixtures.ts";

/** ValidateReplicationController / ValidateReplicationControllerSpec / ...StatusUpdate (pkg/apis/core/validation). */

const RC = resourceFor("", "v1", "replicationcontrollers")!;

/** A valid, already-defaulted ReplicationController. */
const rc = (): KubeObject => ({
  apiVersion: "v1",
  kind: "ReplicationController",
  metadata: { name: "web", namespace: "default", labels: { app: "web" } },
  spec: { replicas: 2, selector: { app: "web" }, template: template() },
});

const stored = (): KubeObject => {
  const o = rc();
  o.metadata = { ...o.metadata, uid: "u-1", resourceVersion: "5", creationTimestamp: "2024-01-01T00:00:00Z", generation: 1 };
  return o;
};

const errorsOf = (o: KubeObject, old?: KubeObject, subresource?: string) => validateObject(RC, o, old, subresource ? { subresource } : {}).map(errorString);

const NEGATIVE = "must be greater than or equal to 0";

describe("replicationcontroller spec", () => {
  const cases: [string, (o: any) => void, string[]][] = [
    ["valid", () => {}, []],
    ["empty selector is required", (o) => (o.spec.selector = {}), ["spec.selector: Required value"]],
    ["missing selector is required", (o) => delete o.spec.selector, ["spec.selector: Required value"]],
    [
      "selector must match the template's labels",
      (o) => (o.spec.selector = { app: "other" }),
      ['spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`'],
    ],
    [
      "template without labels does not match",
      (o) => delete o.spec.template.metadata.labels,
      ["spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`"],
    ],
    ["template is required", (o) => delete o.spec.template, ["spec.template: Required value"]],
    ["negative replicas", (o) => (o.spec.replicas = -1), [`spec.replicas: Invalid value: -1: ${NEGATIVE}`]],
    ["negative minReadySeconds", (o) => (o.spec.minReadySeconds = -3), [`spec.minReadySeconds: Invalid value: -3: ${NEGATIVE}`]],
    ["restartPolicy must be Always", (o) => (o.spec.template.spec.restartPolicy = "Never"), ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"']],
    [
      "activeDeadlineSeconds is forbidden",
      (o) => (o.spec.template.spec.activeDeadlineSeconds = 30),
      ["spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicationController is not Supported"],
    ],
    ["the pod template is validated as a ReplicaSet's", (o) => delete o.spec.template.spec.containers[0].image, ["spec.template.spec.containers[0].image: Required value"]],
    [
      "upstream's order: minReadySeconds, selector, replicas, template",
      (o) => {
        o.spec.minReadySeconds = -1;
        o.spec.selector = {};
        o.spec.replicas = -1;
        delete o.spec.template;
      },
      [`spec.minReadySeconds: Invalid value: -1: ${NEGATIVE}`, "spec.selector: Required value", `spec.replicas: Invalid value: -1: ${NEGATIVE}`, "spec.template: Required value"],
    ],
  ];
  for (const [name, mutate, want] of cases) {
    test(name, () => {
      const o = clone(rc());
      mutate(o);
      expect(errorsOf(o)).toEqual(want);
    });
  }

  test("the message names the kind without a group", () => {
    const o = rc() as any;
    o.spec.selector = { app: "other" };
    expect(formatInvalidMessage({ group: "", kind: "ReplicationController" }, "web", validateObject(RC, o))).toBe(
      'ReplicationController "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    );
  });
});

describe("replicationcontroller update", () => {
  test("the selector may change, unlike a ReplicaSet's", () => {
    const old = stored();
    const o = clone(old) as any;
    o.spec.selector = { app: "web2" };
    o.spec.template.metadata.labels = { app: "web2" };
    expect(errorsOf(o, old)).toEqual([]);
  });

  test("spec rules apply on update too", () => {
    const old = stored();
    const o = clone(old) as any;
    o.spec.replicas = -2;
    expect(errorsOf(o, old)).toEqual([`spec.replicas: Invalid value: -2: ${NEGATIVE}`]);
  });
});

describe("replicationcontroller status", () => {
  const withStatus = (status: object) => ({ ...stored(), status }) as KubeObject;

  test("a consistent status is valid; spec is not checked", () => {
    const o = withStatus({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 2, availableReplicas: 1, observedGeneration: 1 }) as any;
    o.spec.replicas = -5;
    expect(errorsOf(o, stored(), "status")).toEqual([]);
  });

  test("negative counts (absent counts are 0, so they then exceed status.replicas, as upstream reports)", () => {
    expect(errorsOf(withStatus({ replicas: -1, observedGeneration: -1 }), stored(), "status")).toEqual([
      `status.replicas: Invalid value: -1: ${NEGATIVE}`,
      `status.observedGeneration: Invalid value: -1: ${NEGATIVE}`,
      "status.fullyLabeledReplicas: Invalid value: 0: cannot be greater than status.replicas",
      "status.readyReplicas: Invalid value: 0: cannot be greater than status.replicas",
      "status.availableReplicas: Invalid value: 0: cannot be greater than status.replicas",
    ]);
    expect(errorsOf(withStatus({ replicas: 2, readyReplicas: -1 }), stored(), "status")).toEqual([
      `status.readyReplicas: Invalid value: -1: ${NEGATIVE}`,
      "status.availableReplicas: Invalid value: 0: cannot be greater than readyReplicas",
    ]);
  });

  test("counts above status.replicas, and available above ready", () => {
    expect(errorsOf(withStatus({ replicas: 1, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 3 }), stored(), "status")).toEqual([
      "status.fullyLabeledReplicas: Invalid value: 2: cannot be greater than status.replicas",
      "status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas",
      "status.availableReplicas: Invalid value: 3: cannot be greater than status.replicas",
      "status.availableReplicas: Invalid value: 3: cannot be greater than readyReplicas",
    ]);
  });

  test("metadata rules still apply", () => {
    const o = withStatus({ replicas: 0 });
    o.metadata.uid = "u-2";
    expect(errorsOf(o, stored(), "status")).toEqual(['metadata.uid: Invalid value: "u-2": field is immutable']);
  });
});
