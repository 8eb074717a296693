/**
 * storage.k8s.io/v1 StorageClass validation against upstream's messages and field paths
 * (pkg/apis/storage/validation, Kubernetes 1.34), through validateObject as the apiserver
 * calls it, after the defaults (SetDefaults_StorageClass).
 */
import { describe, expect, test } from "bun:test";
import { applyDefaults } from "../../../../src/api/defaults/index.ts";
import type { KubeObject } from "../../../../src/api/meta/types.ts";
import { resourceFor } from "../../../../src/api/resources.ts";
import { errorString, formatInvalidMessage, validateObject } from "../../../../src/api/validation/index.ts";

const SC = resourceFor("storage.k8s.io", "v1", "storageclasses")!;

const storageClass = (fields: Record<string, unknown> = {}): KubeObject =>
  ({ apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: "fast" }, provisioner: "ebs.csi.aws.com", ...fields }) as KubeObject;

const defaulted = (o: KubeObject, old?: KubeObject) => {
  applyDefaults(SC, o, old);
  return o;
};
const errs = (o: KubeObject, old?: KubeObject) => validateObject(SC, defaulted(o, old), old).map(errorString);
const fields = (o: KubeObject, old?: KubeObject) => validateObject(SC, defaulted(o, old), old).map((e) => `${e.type} ${e.field}`);

describe("defaults", () => {
  test("reclaimPolicy Delete and volumeBindingMode Immediate when unset", () => {
    expect(defaulted(storageClass())).toMatchObject({ reclaimPolicy: "Delete", volumeBindingMode: "Immediate" });
  });
  test("set values are kept, an empty string too (upstream defaults only nil)", () => {
    expect(defaulted(storageClass({ reclaimPolicy: "Retain", volumeBindingMode: "WaitForFirstConsumer" }))).toMatchObject({ reclaimPolicy: "Retain", volumeBindingMode: "WaitForFirstConsumer" });
    expect(defaulted(storageClass({ reclaimPolicy: "", volumeBindingMode: null }))).toMatchObject({ reclaimPolicy: "", volumeBindingMode: "Immediate" });
  });
});

describe("validateStorageClass", () => {
  test("a minimal class is valid", () => {
    expect(errs(storageClass())).toEqual([]);
    expect(errs(storageClass({ provisioner: "kubernetes.io/aws-ebs", parameters: { type: "gp3" }, allowVolumeExpansion: true, mountOptions: ["ro"] }))).toEqual([]);
  });

  test("provisioner: required; a qualified name, judged lower-cased", () => {
    expect(errs(storageClass({ provisioner: "" }))).toEqual(["provisioner: Required value"]);
    expect(errs(storageClass({ provisioner: undefined }))).toEqual(["provisioner: Required value"]);
    expect(errs(storageClass({ provisioner: "Example.COM/CSI-Driver" }))).toEqual([]);
    expect(errs(storageClass({ provisioner: "-csi" }))).toEqual([
      "provisioner: Invalid value: \"-csi\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ]);
    expect(fields(storageClass({ provisioner: "a/b/c" }))).toEqual(["FieldValueInvalid provisioner"]);
    expect(errs(storageClass({ provisioner: "My Provisioner" }))[0]).toStartWith('provisioner: Invalid value: "my provisioner": name part must consist of');
  });

  test("parameters: no empty key, at most 512 entries, 256 KiB in all", () => {
    expect(errs(storageClass({ parameters: { "": "v" } }))).toEqual(['parameters: Invalid value: "": field can not be empty.']);
    const many = Object.fromEntries(Array.from({ length: 513 }, (_, i) => [`k${i}`, ""]));
    expect(errs(storageClass({ parameters: many }))).toEqual(["parameters: Too long: must have at most 512 bytes"]);
    expect(errs(storageClass({ parameters: Object.fromEntries(Array.from({ length: 512 }, (_, i) => [`k${i}`, ""])) }))).toEqual([]);
    // keys and values count in bytes: 262144 is the limit
    expect(errs(storageClass({ parameters: { k: "x".repeat(256 * 1024 - 1) } }))).toEqual([]);
    expect(errs(storageClass({ parameters: { k: "x".repeat(256 * 1024) } }))).toEqual(["parameters: Too long: must have at most 262144 bytes"]);
    expect(errs(storageClass({ parameters: { k: "é".repeat(128 * 1024) } }))).toEqual(["parameters: Too long: must have at most 262144 bytes"]);
  });

  test("reclaimPolicy: Delete or Retain; an empty value passes", () => {
    expect(errs(storageClass({ reclaimPolicy: "Retain" }))).toEqual([]);
    expect(errs(storageClass({ reclaimPolicy: "" }))).toEqual([]);
    expect(errs(storageClass({ reclaimPolicy: "Recycle" }))).toEqual(['reclaimPolicy: Unsupported value: "Recycle": supported values: "Delete", "Retain"']);
  });

  test("volumeBindingMode: Immediate or WaitForFirstConsumer; an empty value is unsupported", () => {
    expect(errs(storageClass({ volumeBindingMode: "WaitForFirstConsumer" }))).toEqual([]);
    expect(errs(storageClass({ volumeBindingMode: "" }))).toEqual(['volumeBindingMode: Unsupported value: "": supported values: "Immediate", "WaitForFirstConsumer"']);
    // without defaulting (not reachable through the apiserver) a missing mode is required
    expect(validateObject(SC, storageClass()).map(errorString)).toEqual(["volumeBindingMode: Required value"]);
  });

  test("the name is a DNS subdomain", () => {
    expect(fields(storageClass({ metadata: { name: "Fast" } }))).toEqual(["FieldValueInvalid metadata.name"]);
  });
});

describe("allowedTopologies", () => {
  const req = (key: string, ...values: string[]) => ({ key, values });
  const term = (...reqs: unknown[]) => ({ matchLabelExpressions: reqs });
  const ZONE = "topology.kubernetes.io/zone";

  test("distinct terms are valid", () => {
    expect(errs(storageClass({ allowedTopologies: [term(req(ZONE, "a", "b")), term(req(ZONE, "c")), term(req(ZONE, "a"), req("rack", "r1"))] }))).toEqual([]);
  });

  test("values required and distinct, keys label names, no key twice in a term", () => {
    expect(fields(storageClass({ allowedTopologies: [term(req(ZONE), req(ZONE, "a", "a"), req("-bad", "x"))] }))).toEqual([
      "FieldValueRequired allowedTopologies[0].matchLabelExpressions[0].values",
      "FieldValueDuplicate allowedTopologies[0].matchLabelExpressions[1].values[1]",
      "FieldValueDuplicate allowedTopologies[0].matchLabelExpressions[1].key",
      "FieldValueInvalid allowedTopologies[0].matchLabelExpressions[2].key",
    ]);
    expect(errs(storageClass({ allowedTopologies: [term(req(ZONE, "a", "a"))] }))).toEqual(['allowedTopologies[0].matchLabelExpressions[0].values[1]: Duplicate value: "a"']);
  });

  test("terms alike regardless of order are duplicates", () => {
    const a = term(req(ZONE, "a", "b"), req("rack", "r1"));
    const b = term(req("rack", "r1"), req(ZONE, "b", "a"));
    expect(errs(storageClass({ allowedTopologies: [a, b] }))).toEqual(['allowedTopologies[1].matchLabelExpressions: Duplicate value: ""']);
  });

  test("a term without requirements is reported once per term (upstream compares it with nil maps)", () => {
    expect(fields(storageClass({ allowedTopologies: [term()] }))).toEqual(["FieldValueDuplicate allowedTopologies[0].matchLabelExpressions"]);
    expect(fields(storageClass({ allowedTopologies: [term(req(ZONE, "a")), {}] }))).toEqual([
      "FieldValueDuplicate allowedTopologies[1].matchLabelExpressions",
      "FieldValueDuplicate allowedTopologies[1].matchLabelExpressions",
    ]);
  });
});

describe("validateStorageClassUpdate", () => {
  const stored = () => defaulted(storageClass({ parameters: { type: "gp3" }, metadata: { name: "fast", resourceVersion: "5", uid: "u1", creationTimestamp: "2025-01-01T00:00:00Z" } }));
  const next = (change: Record<string, unknown>) => ({ ...structuredClone(stored()), ...change }) as KubeObject;

  test("mutable fields may change", () => {
    expect(errs(next({ allowVolumeExpansion: true, mountOptions: ["ro"] }), stored())).toEqual([]);
  });

  test("provisioner, parameters, reclaimPolicy and volumeBindingMode are immutable", () => {
    const o = next({ provisioner: "pd.csi.storage.gke.io", parameters: { type: "io2" }, reclaimPolicy: "Retain", volumeBindingMode: "WaitForFirstConsumer" });
    const list = validateObject(SC, defaulted(o, stored()), stored());
    expect(formatInvalidMessage({ group: "storage.k8s.io", kind: "StorageClass" }, "fast", list)).toBe(
      'StorageClass.storage.k8s.io "fast" is invalid: [parameters: Forbidden: updates to parameters are forbidden., provisioner: Forbidden: updates to provisioner are forbidden., reclaimPolicy: Forbidden: updates to reclaimPolicy are forbidden., volumeBindingMode: Invalid value: "WaitForFirstConsumer": field is immutable]',
    );
  });

  test("parameters added to a class without any are forbidden too", () => {
    const old = defaulted(storageClass());
    expect(errs({ ...structuredClone(old), parameters: { a: "b" } } as KubeObject, old)).toEqual(["parameters: Forbidden: updates to parameters are forbidden."]);
  });

  test("the class rules run again on update", () => {
    const old = stored();
    expect(errs(next({ allowedTopologies: [{ matchLabelExpressions: [{ key: "zone", values: [] }] }] }), old)).toEqual(["allowedTopologies[0].matchLabelExpressions[0].values: Required value"]);
  });
});
