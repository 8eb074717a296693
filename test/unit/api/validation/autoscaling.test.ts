/**
 * autoscaling/v2 HorizontalPodAutoscaler validation against upstream's messages and field
 * paths (pkg/apis/autoscaling/validation with the registry strategy's options, Kubernetes
 * 1.34), through validateObject as the apiserver calls it (after defaulting).
 */
import { describe, expect, test } from "bun:test";
import { applyDefaults } from "../../../../src/api/defaults/index.ts";
import type { KubeObject } from "../../../../src/api/meta/types.ts";
import { resourceFor } from "../../../../src/api/resources.ts";
import { apiVersionError, goQuantity } from "../../../../src/api/validation/autoscaling.ts";
import { errorString, formatInvalidMessage, toStatusCauses, validateObject } from "../../../../src/api/validation/index.ts";
import { clone } from "./fixtures.ts";

const HPAS = resourceFor("autoscaling", "v2", "horizontalpodautoscalers")!;

const RFC1123_LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

/** The helm create chart's autoscaler, already defaulted. */
const hpa = (): KubeObject => ({
  apiVersion: "autoscaling/v2",
  kind: "HorizontalPodAutoscaler",
  metadata: { name: "web", namespace: "default" },
  spec: {
    scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" },
    minReplicas: 1,
    maxReplicas: 100,
    metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } }],
  },
});

type Mut = (o: any) => void;
const errors = (mutate: Mut, old?: KubeObject) => {
  const o = clone(hpa());
  mutate(o);
  return validateObject(HPAS, o, old).map(errorString);
};
const metric = (m: unknown): Mut => (o) => {
  o.spec.metrics = [m];
};
const statusErrors = (mutate: Mut) => {
  const old = clone(hpa());
  const o = clone(old);
  mutate(o);
  return validateObject(HPAS, o, old, { subresource: "status" }).map(errorString);
};

describe("valid autoscalers", () => {
  test("the helm create chart's, and each metric source type", () => {
    expect(errors(() => {})).toEqual([]);
    const id = { name: "requests-per-second", selector: { matchLabels: { app: "web" } } };
    expect(
      errors((o) => {
        o.spec.metrics = [
          { type: "Resource", resource: { name: "memory", target: { type: "AverageValue", averageValue: "512Mi" } } },
          { type: "ContainerResource", containerResource: { name: "cpu", container: "app", target: { type: "Utilization", averageUtilization: 60 } } },
          { type: "Pods", pods: { metric: id, target: { type: "AverageValue", averageValue: "1k" } } },
          { type: "Object", object: { metric: id, describedObject: { apiVersion: "networking.k8s.io/v1", kind: "Ingress", name: "main" }, target: { type: "Value", value: "10k" } } },
          { type: "External", external: { metric: { name: "queue_messages_ready" }, target: { type: "AverageValue", averageValue: 30 } } },
        ];
      }),
    ).toEqual([]);
  });

  test("a defaulted autoscaler without metrics or minReplicas, with an empty behavior", () => {
    const o: any = clone(hpa());
    delete o.spec.metrics;
    delete o.spec.minReplicas;
    o.spec.behavior = {};
    applyDefaults(HPAS, o);
    expect(validateObject(HPAS, o)).toEqual([]);
  });

  test("a ReplicationController target may use the core apiVersion", () => {
    expect(errors((o) => (o.spec.scaleTargetRef = { apiVersion: "v1", kind: "ReplicationController", name: "rc" }))).toEqual([]);
    expect(errors((o) => (o.spec.scaleTargetRef = { kind: "ReplicationController", name: "rc" }))).toEqual([]);
  });
});

describe("spec", () => {
  test("replica limits", () => {
    expect(errors((o) => (o.spec.minReplicas = 0))).toEqual([
      "spec.minReplicas: Invalid value: 0: must be greater than or equal to 1",
      "spec.metrics: Forbidden: must specify at least one Object or External metric to support scaling to zero replicas",
    ]);
    expect(errors((o) => (o.spec.maxReplicas = 0))).toEqual([
      "spec.maxReplicas: Invalid value: 0: must be greater than 0",
      "spec.maxReplicas: Invalid value: 0: must be greater than or equal to `minReplicas`",
    ]);
    expect(errors((o) => ((o.spec.minReplicas = 5), (o.spec.maxReplicas = 3)))).toEqual(["spec.maxReplicas: Invalid value: 3: must be greater than or equal to `minReplicas`"]);
    // a missing maxReplicas is Go's zero
    expect(errors((o) => delete o.spec.maxReplicas)).toContain("spec.maxReplicas: Invalid value: 0: must be greater than 0");
  });

  test("minReplicas 0 is kept on update only when the stored object has it", () => {
    const old: any = clone(hpa());
    old.spec.minReplicas = 0;
    old.spec.metrics = [{ type: "External", external: { metric: { name: "queue" }, target: { type: "Value", value: "10" } } }];
    const next = (o: any) => {
      o.spec = clone(old.spec);
      o.spec.maxReplicas = 50;
    };
    expect(errors(next, old)).toEqual([]);
    expect(errors(next)).toEqual(["spec.minReplicas: Invalid value: 0: must be greater than or equal to 1"]);
    // scale to zero needs an Object or External metric
    expect(errors((o) => ((o.spec.minReplicas = 0), (o.spec.maxReplicas = 5)), old)).toEqual([
      "spec.metrics: Forbidden: must specify at least one Object or External metric to support scaling to zero replicas",
    ]);
  });

  test("scaleTargetRef: kind and name required path segments", () => {
    expect(errors((o) => (o.spec.scaleTargetRef = { apiVersion: "apps/v1" }))).toEqual(["spec.scaleTargetRef.kind: Required value", "spec.scaleTargetRef.name: Required value"]);
    expect(errors((o) => (o.spec.scaleTargetRef = { apiVersion: "apps/v1", kind: "..", name: "a/b%c" }))).toEqual([
      "spec.scaleTargetRef.kind: Invalid value: \"..\": may not be '..'",
      "spec.scaleTargetRef.name: Invalid value: \"a/b%c\": may not contain '/'",
      "spec.scaleTargetRef.name: Invalid value: \"a/b%c\": may not contain '%'",
    ]);
  });

  test("scaleTargetRef.apiVersion needs a group (ratcheted when target kind and apiVersion stay)", () => {
    expect(errors((o) => delete o.spec.scaleTargetRef.apiVersion)).toEqual(['spec.scaleTargetRef.apiVersion: Invalid value: "": apiVersion must specify API group']);
    expect(errors((o) => (o.spec.scaleTargetRef.apiVersion = "v1"))).toEqual(['spec.scaleTargetRef.apiVersion: Invalid value: "v1": apiVersion must specify API group']);
    expect(errors((o) => (o.spec.scaleTargetRef.apiVersion = "apps/v1/x"))).toEqual([
      'spec.scaleTargetRef.apiVersion: Invalid value: "apps/v1/x": unexpected GroupVersion string: apps/v1/x',
    ]);
    const old: any = clone(hpa());
    old.spec.scaleTargetRef.apiVersion = "v1";
    expect(errors((o) => ((o.spec.scaleTargetRef.apiVersion = "v1"), (o.spec.maxReplicas = 7)), old)).toEqual([]);
    // changing the kind checks it again
    expect(errors((o) => (o.spec.scaleTargetRef = { apiVersion: "v1", kind: "StatefulSet", name: "web" }), old)).toEqual([
      'spec.scaleTargetRef.apiVersion: Invalid value: "v1": apiVersion must specify API group',
    ]);
  });

  test("ParseGroupVersion as upstream", () => {
    const strict = { allowEmptyAPIGroup: false, allowInvalidAPIVersion: false };
    expect(apiVersionError("apps/v1", strict)).toBeUndefined();
    expect(apiVersionError("apps/", strict)).toBeUndefined();
    expect(apiVersionError("/", strict)).toBe("apiVersion must specify API group");
    expect(apiVersionError("/v1", strict)).toBe("apiVersion must specify API group");
    expect(apiVersionError("v1", { ...strict, allowEmptyAPIGroup: true })).toBeUndefined();
    expect(apiVersionError("a/b/c", { ...strict, allowEmptyAPIGroup: true })).toBe("unexpected GroupVersion string: a/b/c");
    expect(apiVersionError("a/b/c", { allowEmptyAPIGroup: false, allowInvalidAPIVersion: true })).toBeUndefined();
  });
});

describe("metrics", () => {
  const M0 = "spec.metrics[0]";

  test("type required and supported", () => {
    const supported = 'supported values: "ContainerResource", "External", "Object", "Pods", "Resource"';
    expect(errors(metric({ resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 50 } } }))).toEqual([
      `${M0}.type: Required value: must specify a metric source type`,
      `${M0}.type: Unsupported value: "": ${supported}`,
      `${M0}.type: Unsupported value: "": ${supported}`,
    ]);
    // a second source is forbidden whatever the type
    const resource = { name: "cpu", target: { type: "Utilization", averageUtilization: 50 } };
    expect(errors(metric({ type: "", resource, containerResource: { ...resource, container: "app" } }))).toContain(`${M0}.containerResource: Forbidden: must populate the given metric source only`);
    expect(errors(metric({ type: "Memory" }))).toEqual([`${M0}.type: Unsupported value: "Memory": ${supported}`, `${M0}.type: Unsupported value: "Memory": ${supported}`]);
  });

  test("the duplicate unsupported type appears once in the message, twice in the causes (as upstream)", () => {
    const o: any = clone(hpa());
    o.spec.metrics = [{ type: "Memory" }];
    const errs = validateObject(HPAS, o);
    expect(formatInvalidMessage({ group: "autoscaling", kind: "HorizontalPodAutoscaler" }, "web", errs)).toBe(
      'HorizontalPodAutoscaler.autoscaling "web" is invalid: spec.metrics[0].type: Unsupported value: "Memory": supported values: "ContainerResource", "External", "Object", "Pods", "Resource"',
    );
    expect(toStatusCauses(errs)).toHaveLength(2);
  });

  test("the source the type names must be set, and no other", () => {
    expect(errors(metric({ type: "Pods" }))).toEqual([`${M0}.pods: Required value: must populate information for the given metric source`]);
    expect(errors(metric({ type: "ContainerResource" }))).toEqual([`${M0}.containerResource: Required value: must populate information for the given metric source`]);
    const pods = { metric: { name: "rps" }, target: { type: "AverageValue", averageValue: "10" } };
    const resource = { name: "cpu", target: { type: "Utilization", averageUtilization: 50 } };
    expect(errors(metric({ type: "Pods", pods, resource }))).toEqual([`${M0}.resource: Forbidden: must populate the given metric source only`]);
    // only the first source present (object, external, pods, resource, containerResource) is checked
    expect(errors(metric({ type: "Resource", pods: { metric: {}, target: {} }, resource: { name: "cpu", target: {} } }))).toEqual([
      `${M0}.pods.metric.name: Required value: must specify a metric name`,
      `${M0}.pods.target.type: Required value: must specify a metric target type`,
      `${M0}.pods.target.type: Invalid value: "": must be either Utilization, Value, or AverageValue`,
      `${M0}.pods.target.averageValue: Required value: must specify a positive target averageValue`,
      `${M0}.pods: Forbidden: must populate the given metric source only`,
    ]);
  });

  test("Resource: name, and a utilization or an average value, not both", () => {
    expect(errors(metric({ type: "Resource", resource: { target: { type: "Utilization" } } }))).toEqual([
      `${M0}.resource.name: Required value: must specify a resource name`,
      `${M0}.resource.target.averageUtilization: Required value: must set either a target raw value or a target utilization`,
    ]);
    expect(errors(metric({ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 50, averageValue: "100m" } } }))).toEqual([
      `${M0}.resource.target.averageValue: Forbidden: may not set both a target raw value and a target utilization`,
    ]);
    expect(errors(metric({ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 0 } } }))).toEqual([
      `${M0}.resource.target.averageUtilization: Invalid value: 0: must be greater than 0`,
    ]);
    expect(errors(metric({ type: "Resource", resource: { name: "cpu", target: { type: "Percent", averageUtilization: 50 } } }))).toEqual([
      `${M0}.resource.target.type: Invalid value: "Percent": must be either Utilization, Value, or AverageValue`,
    ]);
  });

  test("non-positive quantities print as Go's %#v of resource.Quantity", () => {
    expect(errors(metric({ type: "Resource", resource: { name: "memory", target: { type: "AverageValue", averageValue: "0" } } }))).toEqual([
      `${M0}.resource.target.averageValue: Invalid value: resource.Quantity{i:resource.int64Amount{value:0, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"0", Format:"DecimalSI"}: must be positive`,
    ]);
    expect(errors(metric({ type: "External", external: { metric: { name: "q" }, target: { type: "Value", value: "-100m" } } }))).toEqual([
      `${M0}.external.target.value: Invalid value: resource.Quantity{i:resource.int64Amount{value:-100, scale:-3}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"-100m", Format:"DecimalSI"}: must be positive`,
    ]);
  });

  test("goQuantity follows ParseQuantity's int64 path and its canonical-string cache", () => {
    const text = (v: string | number) => String(goQuantity(v));
    expect(text("-0.5")).toBe('resource.Quantity{i:resource.int64Amount{value:-5, scale:-1}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"", Format:"DecimalSI"}');
    expect(text("-1Ki")).toBe('resource.Quantity{i:resource.int64Amount{value:-1024, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"-1Ki", Format:"BinarySI"}');
    expect(text("0m")).toBe('resource.Quantity{i:resource.int64Amount{value:0, scale:-3}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"", Format:"DecimalSI"}');
    expect(text(-2)).toBe('resource.Quantity{i:resource.int64Amount{value:-2, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"-2", Format:"DecimalSI"}');
    expect(text("-1000")).toBe('resource.Quantity{i:resource.int64Amount{value:-1000, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"", Format:"DecimalSI"}');
  });

  test("ContainerResource: resource name, container label, target", () => {
    expect(errors(metric({ type: "ContainerResource", containerResource: { target: { type: "AverageValue", averageValue: "1" } } }))).toEqual([
      `${M0}.containerResource.name: Required value: must specify a resource name`,
      `${M0}.containerResource.container: Required value: must specify a container`,
    ]);
    expect(errors(metric({ type: "ContainerResource", containerResource: { name: "pods", container: "App_1", target: { type: "Utilization", averageUtilization: 5 } } }))).toEqual([
      `${M0}.containerResource.name: Invalid value: "pods": must be a standard resource for containers`,
      `${M0}.containerResource.container: Invalid value: "App_1": ${RFC1123_LABEL}`,
    ]);
  });

  test("Pods, Object and External targets", () => {
    expect(errors(metric({ type: "Pods", pods: { metric: { name: "rps" }, target: { type: "Value", value: "1" } } }))).toEqual([
      `${M0}.pods.target.averageValue: Required value: must specify a positive target averageValue`,
    ]);
    const ref = { apiVersion: "v1", kind: "Service", name: "web" };
    expect(errors(metric({ type: "Object", object: { describedObject: ref, metric: { name: "rps" }, target: { type: "Utilization", averageUtilization: 5 } } }))).toEqual([
      `${M0}.object.target.averageValue: Required value: must set either a target value or averageValue`,
    ]);
    expect(errors(metric({ type: "Object", object: { describedObject: { apiVersion: "a/b/c", name: "x" }, metric: { name: "a/b" }, target: { type: "Value", value: 1 } } }))).toEqual([
      `${M0}.object.describedObject.kind: Required value`,
      `${M0}.object.describedObject.apiVersion: Invalid value: "a/b/c": unexpected GroupVersion string: a/b/c`,
      `${M0}.object.metric.name: Invalid value: "a/b": may not contain '/'`,
    ]);
    expect(errors(metric({ type: "External", external: { metric: { name: "q" }, target: { type: "Value" } } }))).toEqual([
      `${M0}.external.target.averageValue: Required value: must set either a target value for metric or a per-pod target`,
    ]);
    expect(errors(metric({ type: "External", external: { metric: { name: "q" }, target: { type: "Value", value: "1", averageValue: "1" } } }))).toEqual([
      `${M0}.external.target.value: Forbidden: may not set both a target value for metric and a per-pod target`,
    ]);
  });

  test("an invalid object-metric apiVersion already stored is not checked again", () => {
    const bad = { type: "Object", object: { describedObject: { apiVersion: "a/b/c", kind: "Service", name: "x" }, metric: { name: "rps" }, target: { type: "Value", value: 1 } } };
    const old: any = clone(hpa());
    old.spec.metrics = [bad];
    expect(errors((o) => ((o.spec.metrics = [bad]), (o.spec.maxReplicas = 9)), old)).toEqual([]);
    expect(errors((o) => (o.spec.metrics = [bad]))).toHaveLength(1);
  });
});

describe("behavior", () => {
  const B = "spec.behavior";
  const rules = (r: unknown): Mut => (o) => {
    o.spec.behavior = { scaleUp: r };
  };

  test("stabilization window, select policy, policies", () => {
    expect(errors(rules({ stabilizationWindowSeconds: -1, selectPolicy: "Avg", policies: [] }))).toEqual([
      `${B}.scaleUp.stabilizationWindowSeconds: Invalid value: -1: must be greater than or equal to zero`,
      `${B}.scaleUp.selectPolicy: Unsupported value: "Avg": supported values: "Disabled", "Max", "Min"`,
      `${B}.scaleUp.policies: Required value: must specify at least one Policy`,
    ]);
    expect(errors(rules({ stabilizationWindowSeconds: 3601, policies: [{ type: "Pods", value: 1, periodSeconds: 60 }] }))).toEqual([
      `${B}.scaleUp.stabilizationWindowSeconds: Invalid value: 3601: must be less than or equal to 3600`,
    ]);
  });

  test("each policy", () => {
    expect(errors(rules({ policies: [{ type: "Replicas", value: 0, periodSeconds: 0 }, { type: "Percent", value: 10, periodSeconds: 1801 }] }))).toEqual([
      `${B}.scaleUp.policies[0].type: Unsupported value: "Replicas": supported values: "Percent", "Pods"`,
      `${B}.scaleUp.policies[0].value: Invalid value: 0: must be greater than zero`,
      `${B}.scaleUp.policies[0].periodSeconds: Invalid value: 0: must be greater than zero`,
      `${B}.scaleUp.policies[1].periodSeconds: Invalid value: 1801: must be less than or equal to 1800`,
    ]);
  });

  test("a stored tolerance must not be negative", () => {
    expect(errors((o) => (o.spec.behavior = { scaleDown: { policies: [{ type: "Percent", value: 10, periodSeconds: 60 }], tolerance: "-0.05" } }))).toEqual([
      `${B}.scaleDown.tolerance: Invalid value: "-50m": must be greater than or equal to 0`,
    ]);
  });
});

describe("status", () => {
  test("replica counts must not be negative; status writes skip spec rules", () => {
    expect(statusErrors((o) => (o.status = { currentReplicas: 2, desiredReplicas: 3, currentMetrics: [] }))).toEqual([]);
    expect(statusErrors((o) => ((o.status = { currentReplicas: -1, desiredReplicas: -2 }), (o.spec.maxReplicas = 0)))).toEqual([
      "status.currentReplicas: Invalid value: -1: must be greater than or equal to 0",
      "status.desiredReplicas: Invalid value: -2: must be greater than or equal to 0",
    ]);
  });

  test("metadata rules apply to status writes", () => {
    expect(statusErrors((o) => (o.metadata.name = "other"))).toEqual(['metadata.name: Invalid value: "other": field is immutable']);
  });
});
