import { describe, expect, test } from "bun:test";
import { convertFieldSelector, fieldsOf, parseFieldSelector, supportedFields } from "../../../../src/api/fields/index.ts";
import { SelectorError } from "../../../../src/api/labels/index.ts";
import type { KubeObject } from "../../../../src/api/meta/types.ts";
import { resourceFor } from "../../../../src/api/resources.ts";

const pods = resourceFor("", "v1", "pods")!;
const events = resourceFor("", "v1", "events")!;
const nodes = resourceFor("", "v1", "nodes")!;
const configmaps = resourceFor("", "v1", "configmaps")!;
const jobs = resourceFor("batch", "v1", "jobs")!;

describe("parseFieldSelector", () => {
  const cases: [string, string][] = [
    ["", ""],
    ["metadata.name=web", "metadata.name=web"],
    ["metadata.name==web", "metadata.name=web"],
    ["status.phase!=Running,metadata.name=a", "metadata.name=a,status.phase!=Running"],
    ["spec.nodeName=", "spec.nodeName="],
    ["a=b\\,c", "a=b\\,c"],
    ["a=x\\=y", "a=x\\=y"],
    ["a!=", "a!="],
  ];
  for (const [input, want] of cases) test(JSON.stringify(input), () => expect(parseFieldSelector(input).toString()).toBe(want));

  const bad: [string, string][] = [
    ["foo", "invalid selector: 'foo'; can't understand 'foo'"],
    ["a=b,c", "invalid selector: 'a=b,c'; can't understand 'c'"],
    ["a=b=c", "invalid field selector: unescaped character in value: 61"],
    ["a=b\\x", "invalid field selector: invalid escape sequence: \\x"],
    ["a=b\\", "invalid field selector: invalid escape sequence: \\"],
  ];
  for (const [input, message] of bad) test(`bad ${JSON.stringify(input)}`, () => expect(() => parseFieldSelector(input)).toThrow(new SelectorError(message)));

  test("unescaped values", () => {
    expect(parseFieldSelector("a=b\\,c").requirements[0]?.value).toBe("b,c");
    expect(parseFieldSelector("metadata.name=web").requiresExactMatch("metadata.name")).toBe("web");
  });
});

const pod: KubeObject = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web-1", namespace: "default" },
  spec: { nodeName: "node-a", restartPolicy: "Always", schedulerName: "default-scheduler", serviceAccountName: "default" },
  status: { phase: "Running", podIPs: [{ ip: "10.0.0.5" }], podIP: "10.0.0.5" },
};

describe("fieldsOf and matching", () => {
  test("pod fields", () => {
    expect(fieldsOf(pods, pod)).toEqual({
      "metadata.name": "web-1",
      "metadata.namespace": "default",
      "spec.nodeName": "node-a",
      "spec.restartPolicy": "Always",
      "spec.schedulerName": "default-scheduler",
      "spec.serviceAccountName": "default",
      "spec.hostNetwork": "false",
      "status.phase": "Running",
      "status.podIP": "10.0.0.5",
      "status.nominatedNodeName": "",
    });
  });
  const cases: [string, boolean][] = [
    ["metadata.name=web-1", true],
    ["metadata.name=web-2", false],
    ["spec.nodeName=node-a,status.phase=Running", true],
    ["status.phase!=Running", false],
    ["spec.nodeName!=", true],
    ["status.nominatedNodeName=", true],
    ["spec.host=node-a", true],
  ];
  for (const [sel, want] of cases) {
    test(sel, () => expect(convertFieldSelector(pods, parseFieldSelector(sel)).matches(fieldsOf(pods, pod))).toBe(want));
  }
  test("event fields read both event shapes", () => {
    const core: KubeObject = {
      metadata: { name: "e", namespace: "ns" },
      involvedObject: { kind: "Pod", name: "web", namespace: "ns", uid: "u1" },
      reason: "Started",
      source: { component: "kubelet" },
      type: "Normal",
    };
    const f = fieldsOf(events, core);
    expect(f["involvedObject.name"]).toBe("web");
    expect(f["involvedObject.uid"]).toBe("u1");
    expect(f["source"]).toBe("kubelet");
    const modern: KubeObject = { metadata: { name: "e" }, regarding: { kind: "Node", name: "n" }, reportingController: "ctl" };
    const g = fieldsOf(resourceFor("events.k8s.io", "v1", "events")!, modern);
    expect(g["involvedObject.kind"]).toBe("Node");
    expect(g["source"]).toBe("ctl");
    expect(g["reportingComponent"]).toBe("ctl");
  });
  test("cluster-scoped kinds have no namespace field", () => {
    expect(fieldsOf(nodes, { metadata: { name: "n1" }, spec: { unschedulable: true } })).toEqual({ "metadata.name": "n1", "spec.unschedulable": "true" });
    expect(fieldsOf(jobs, { metadata: { name: "j", namespace: "d" }, status: { succeeded: 2 } })["status.successful"]).toBe("2");
  });
});

describe("unsupported fields (upstream field label conversion)", () => {
  const cases: [typeof pods, string, string][] = [
    [pods, "foo=bar", "field label not supported: foo"],
    [nodes, "metadata.namespace=x", "field label not supported: metadata.namespace"],
    [jobs, "spec.x=1", "field label not supported for batchv1.Job: spec.x"],
    [configmaps, "data.x=1", '"data.x" is not a known field selector: only "metadata.name", "metadata.namespace"'],
  ];
  for (const [res, sel, message] of cases) {
    test(`${res.plural} ${sel}`, () => expect(() => convertFieldSelector(res, parseFieldSelector(sel))).toThrow(new SelectorError(message)));
  }
  test("supported lists", () => {
    expect(supportedFields(configmaps)).toEqual(["metadata.name", "metadata.namespace"]);
    expect(supportedFields(events)).toContain("involvedObject.uid");
    expect(supportedFields(pods)).toContain("status.phase");
  });
});
