/**
 * Ephemeral containers, as upstream validates them: forbidden on create, added through
 * pods/ephemeralcontainers only (ValidatePodEphemeralContainersUpdate: existing ones are
 * neither removed nor changed, static pods take none), and each one checked by
 * validateEphemeralContainers (names unique across every container, an existing
 * non-ephemeral target, no ports, probes, lifecycle, resources or restart policy, no subPath).
 */
import { describe, expect, test } from "bun:test";
import type { KubeObject } from "../../../../src/api/meta/types.ts";
import { resourceFor } from "../../../../src/api/resources.ts";
import { errorString, formatInvalidMessage, validateObject } from "../../../../src/api/validation/index.ts";
import { clone, pod } from "./fixtures.ts";

const PODS = resourceFor("", "v1", "pods")!;
const SUB = { subresource: "ephemeralcontainers" };

/** A defaulted ephemeral container as kubectl debug sends it (after defaulting). */
const debugger_ = (over: Record<string, unknown> = {}) => ({
  name: "debugger",
  image: "busybox:1.36",
  stdin: true,
  tty: true,
  resources: {},
  terminationMessagePath: "/dev/termination-log",
  terminationMessagePolicy: "File",
  imagePullPolicy: "IfNotPresent",
  ...over,
});

function withEphemeral(base: KubeObject, ...ecs: Record<string, unknown>[]): KubeObject {
  const p = clone(base) as any;
  p.spec.ephemeralContainers = ecs;
  return p;
}

const subErrors = (next: KubeObject, old: KubeObject) => validateObject(PODS, next, old, SUB).map(errorString);

describe("ephemeral containers on create and main-resource updates", () => {
  test("a pod may not be created with ephemeral containers", () => {
    const errs = validateObject(PODS, withEphemeral(pod(), debugger_())).map(errorString);
    expect(errs).toEqual(["spec.ephemeralContainers: Forbidden: cannot be set on create"]);
  });

  test("an update of the pod itself may not add one", () => {
    const old = pod();
    const errs = validateObject(PODS, withEphemeral(old, debugger_()), old).map(errorString);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toStartWith("spec: Forbidden: pod updates may not change fields other than");
    expect(errs[0]).toContain("spec.ephemeralContainers");
  });

  test("pod templates take none", () => {
    const tmpl = { metadata: { labels: { app: "web" } }, spec: { ...(pod() as any).spec, ephemeralContainers: [debugger_()] } };
    const deploy: KubeObject = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d", namespace: "default" }, spec: { replicas: 1, selector: { matchLabels: { app: "web" } }, template: tmpl, strategy: { type: "Recreate" }, revisionHistoryLimit: 10, progressDeadlineSeconds: 600 } } as KubeObject;
    const errs = validateObject(resourceFor("apps", "v1", "deployments")!, deploy).map(errorString);
    expect(errs).toContain("spec.template.spec.ephemeralContainers: Forbidden: ephemeral containers not allowed in pod template");
  });
});

describe("pods/ephemeralcontainers updates", () => {
  test("adding one is valid; so is adding a second next to the first, in any order", () => {
    const old = pod();
    const one = withEphemeral(old, debugger_({ targetContainerName: "web" }));
    expect(subErrors(one, old)).toEqual([]);
    const two = withEphemeral(old, debugger_({ name: "second" }), debugger_({ targetContainerName: "web" }));
    expect(subErrors(two, one)).toEqual([]);
  });

  test("existing ones may not be removed", () => {
    const old = withEphemeral(pod(), debugger_());
    const next = withEphemeral(pod(), debugger_({ name: "other" }));
    expect(subErrors(next, old)).toEqual(['spec.ephemeralContainers: Forbidden: existing ephemeral containers "debugger" may not be removed\n']);
    const none = clone(old) as any;
    delete none.spec.ephemeralContainers;
    expect(subErrors(none, old)).toEqual(['spec.ephemeralContainers: Forbidden: existing ephemeral containers "debugger" may not be removed\n']);
  });

  test("existing ones may not be changed; the message shows what differs", () => {
    const old = withEphemeral(pod(), debugger_());
    const next = withEphemeral(pod(), debugger_({ image: "busybox:1.37" }));
    const errs = validateObject(PODS, next, old, SUB);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject({ type: "FieldValueForbidden", field: "spec.ephemeralContainers" });
    expect(errs[0]!.message).toBe('existing ephemeral containers "debugger" may not be changed\n- spec.ephemeralContainers[0].image: "busybox:1.36"\n+ spec.ephemeralContainers[0].image: "busybox:1.37"');
    expect(formatInvalidMessage("Pod", "web-0", errs)).toStartWith('Pod "web-0" is invalid: spec.ephemeralContainers: Forbidden: existing ephemeral containers "debugger" may not be changed\n');
  });

  test("static (mirror) pods take no ephemeral containers, and that is the only error", () => {
    const old = clone(pod()) as any;
    old.metadata.annotations = { "kubernetes.io/config.mirror": "abc" };
    old.spec.nodeName = "n1";
    const next = withEphemeral(old, debugger_({ ports: [{ containerPort: 80, protocol: "TCP" }] }));
    expect(subErrors(next, old)).toEqual([": Forbidden: static pods do not support ephemeral containers"]);
  });

  test("metadata rules of updates still apply", () => {
    const old = pod();
    const next = withEphemeral(old, debugger_()) as any;
    next.metadata.name = "renamed";
    expect(subErrors(next, old)).toContain('metadata.name: Invalid value: "renamed": field is immutable');
  });
});

describe("validateEphemeralContainers", () => {
  const old = pod();
  const check = (ec: Record<string, unknown>, extra: Record<string, unknown>[] = []) => subErrors(withEphemeral(old, ...extra, ec), old);

  test("fields an ephemeral container may not set, in upstream's order", () => {
    const errs = check(
      debugger_({
        lifecycle: { preStop: { exec: { command: ["true"] } } },
        startupProbe: { exec: { command: ["true"] }, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
        readinessProbe: { exec: { command: ["true"] }, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
        livenessProbe: { exec: { command: ["true"] }, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
        restartPolicy: "Always",
        resources: { limits: { cpu: "1" } },
        ports: [{ containerPort: 8080, protocol: "TCP" }],
      }),
    );
    const m = "Forbidden: cannot be set for an Ephemeral Container";
    expect(errs.filter((e) => e.includes("cannot be set for an Ephemeral Container"))).toEqual([
      `spec.ephemeralContainers[0].ports: ${m}`,
      `spec.ephemeralContainers[0].resources: ${m}`,
      `spec.ephemeralContainers[0].restartPolicy: ${m}`,
      `spec.ephemeralContainers[0].livenessProbe: ${m}`,
      `spec.ephemeralContainers[0].readinessProbe: ${m}`,
      `spec.ephemeralContainers[0].startupProbe: ${m}`,
      `spec.ephemeralContainers[0].lifecycle: ${m}`,
    ]);
  });

  test("empty resources are no resources; empty lists of a forbidden field are set", () => {
    expect(check(debugger_({ resources: {} }))).toEqual([]);
    expect(check(debugger_({ resources: { limits: null } }))).toEqual([]);
    expect(check(debugger_({ ports: [] }))).toEqual(["spec.ephemeralContainers[0].ports: Forbidden: cannot be set for an Ephemeral Container"]);
    expect(check(debugger_({ lifecycle: {} }))).toEqual(["spec.ephemeralContainers[0].lifecycle: Forbidden: cannot be set for an Ephemeral Container"]);
  });

  test("names are unique across containers, init containers and ephemeral containers", () => {
    expect(check(debugger_({ name: "web" }))).toEqual(['spec.ephemeralContainers[0].name: Duplicate value: "web"']);
    expect(check(debugger_(), [debugger_()])).toEqual(['spec.ephemeralContainers[1].name: Duplicate value: "debugger"']);
  });

  test("targetContainerName must name a container or init container, not an ephemeral one", () => {
    expect(check(debugger_({ targetContainerName: "nope" }))).toEqual(['spec.ephemeralContainers[0].targetContainerName: Not found: "nope"']);
    expect(check(debugger_({ name: "second", targetContainerName: "debugger" }), [debugger_()])).toEqual(['spec.ephemeralContainers[1].targetContainerName: Not found: "debugger"']);
    const withInit = clone(old) as any;
    withInit.spec.initContainers = [{ ...withInit.spec.containers[0], name: "setup", ports: undefined }];
    expect(subErrors(withEphemeral(withInit, debugger_({ targetContainerName: "setup" })), withInit)).toEqual([]);
  });

  test("common container rules: name, image, policies; no subPath mounts", () => {
    const errs = check({ name: "Bad_Name", image: " busybox ", resources: {}, terminationMessagePolicy: "Sometimes", imagePullPolicy: "IfNotPresent", volumeMounts: [{ name: "data", mountPath: "/d", subPath: "x", subPathExpr: "$(X)" }] });
    expect(errs).toContain('spec.ephemeralContainers[0].name: Invalid value: "Bad_Name": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character (e.g. \'my-name\',  or \'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')');
    expect(errs).toContain('spec.ephemeralContainers[0].image: Invalid value: " busybox ": must not have leading or trailing whitespace');
    expect(errs).toContain('spec.ephemeralContainers[0].terminationMessagePolicy: Unsupported value: "Sometimes": supported values: "File", "FallbackToLogsOnError"');
    expect(errs).toContain("spec.ephemeralContainers[0].volumeMounts[0].subPath: Forbidden: cannot be set for an Ephemeral Container");
    expect(errs).toContain("spec.ephemeralContainers[0].volumeMounts[0].subPathExpr: Forbidden: cannot be set for an Ephemeral Container");
    expect(check({ name: "noimage", terminationMessagePolicy: "File", imagePullPolicy: "IfNotPresent" })).toEqual(["spec.ephemeralContainers[0].image: Required value"]);
  });
});
