import { describe, expect, test } from "bun:test";
import { applyDefaults } from "../../../../src/api/defaults/index.ts";
import type { KubeObject } from "../../../../src/api/meta/types.ts";
import { resourceFor } from "../../../../src/api/resources.ts";
import { validateObject } from "../../../../src/api/validation/index.ts";

/** SetDefaults_ReplicationController (pkg/apis/core/v1/defaults.go). */

const RC = resourceFor("", "v1", "replicationcontrollers")!;

const run = (o: object, old?: KubeObject) => {
  applyDefaults(RC, o as KubeObject, old);
  return o as any;
};

const template = () => ({ metadata: { labels: { app: "web", tier: "fe" } }, spec: { containers: [{ name: "c", image: "nginx:1.27" }] } });

describe("replicationcontroller defaults", () => {
  test("selector, labels and replicas come from the template; the result is valid", () => {
    const rc = run({ metadata: { name: "web", namespace: "d" }, spec: { template: template() } });
    expect(rc.spec.selector).toEqual({ app: "web", tier: "fe" });
    expect(rc.metadata.labels).toEqual({ app: "web", tier: "fe" });
    expect(rc.spec.replicas).toBe(1);
    expect(validateObject(RC, rc)).toEqual([]);
  });

  test("the defaulted maps are copies, not the template's own", () => {
    const rc = run({ metadata: {}, spec: { template: template() } });
    rc.spec.template.metadata.labels.extra = "x";
    expect(rc.spec.selector).toEqual({ app: "web", tier: "fe" });
    expect(rc.metadata.labels).toEqual({ app: "web", tier: "fe" });
  });

  test("a given selector, labels and replicas are kept (0 replicas included)", () => {
    const rc = run({ metadata: { labels: { owner: "me" } }, spec: { replicas: 0, selector: { app: "web" }, template: template() } });
    expect(rc.spec.selector).toEqual({ app: "web" });
    expect(rc.metadata.labels).toEqual({ owner: "me" });
    expect(rc.spec.replicas).toBe(0);
  });

  test("empty maps count as unset", () => {
    const rc = run({ metadata: { labels: {} }, spec: { selector: {}, template: template() } });
    expect(rc.spec.selector).toEqual({ app: "web", tier: "fe" });
    expect(rc.metadata.labels).toEqual({ app: "web", tier: "fe" });
  });

  test("without template labels nothing is defaulted but replicas", () => {
    const rc = run({ metadata: {}, spec: {} });
    expect(rc.spec.selector).toBeUndefined();
    expect(rc.metadata.labels).toBeUndefined();
    expect(rc.spec.replicas).toBe(1);
  });

  test("the pod template gets the pod defaults, as a ReplicaSet's does", () => {
    const rc = run({ metadata: {}, spec: { template: template() } });
    expect(rc.spec.template.spec).toMatchObject({ restartPolicy: "Always", dnsPolicy: "ClusterFirst", schedulerName: "default-scheduler", terminationGracePeriodSeconds: 30 });
    expect(rc.spec.template.spec.containers[0]).toMatchObject({ imagePullPolicy: "IfNotPresent", terminationMessagePolicy: "File" });
  });
});
