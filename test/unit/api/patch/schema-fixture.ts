import { ANY_FIELD, type FieldSchema } from "../../../../src/api/meta/field-schema.ts";

/** Small hand-built FieldSchema trees shaped like the real kinds' patch metadata. */

export const scalar: FieldSchema = { kind: "scalar", field: () => undefined };

export function obj(fields: Record<string, FieldSchema | (() => FieldSchema)>, extra: Partial<FieldSchema> = {}): FieldSchema {
  return { kind: "object", field: (n) => (Object.hasOwn(fields, n) ? resolve(fields[n]!) : undefined), ...extra };
}

function resolve(f: FieldSchema | (() => FieldSchema)): FieldSchema {
  return typeof f === "function" ? f() : f;
}

export function map(value: FieldSchema = scalar, extra: Partial<FieldSchema> = {}): FieldSchema {
  return { kind: "map", field: () => value, ...extra };
}

export function list(items: FieldSchema, extra: Partial<FieldSchema> = {}): FieldSchema {
  return { kind: "array", field: () => undefined, items, ...extra };
}

const port = obj({ name: scalar, containerPort: scalar, protocol: scalar });
const envVar = obj({ name: scalar, value: scalar, valueFrom: ANY_FIELD });
const container = obj({
  name: scalar,
  image: scalar,
  args: list(scalar, { listType: "atomic" }),
  command: list(scalar, { listType: "atomic" }),
  ports: list(port, { listType: "map", listMapKeys: ["containerPort", "protocol"], patchStrategy: "merge", patchMergeKey: "containerPort" }),
  env: list(envVar, { listType: "map", listMapKeys: ["name"], patchStrategy: "merge", patchMergeKey: "name" }),
  resources: obj({ limits: map(), requests: map() }),
  volumeMounts: list(obj({ name: scalar, mountPath: scalar }), { listType: "map", listMapKeys: ["mountPath"], patchStrategy: "merge", patchMergeKey: "mountPath" }),
});
const volume = obj({ name: scalar, emptyDir: ANY_FIELD, hostPath: obj({ path: scalar, type: scalar }), configMap: obj({ name: scalar }), secret: obj({ secretName: scalar }) });
export const podSpec = obj({
  containers: list(container, { listType: "map", listMapKeys: ["name"], patchStrategy: "merge", patchMergeKey: "name" }),
  initContainers: list(container, { listType: "map", listMapKeys: ["name"], patchStrategy: "merge", patchMergeKey: "name" }),
  volumes: list(volume, { listType: "map", listMapKeys: ["name"], patchStrategy: "merge,retainKeys", patchMergeKey: "name" }),
  tolerations: list(obj({ key: scalar, operator: scalar, effect: scalar }), { listType: "atomic" }),
  nodeSelector: map(scalar, { mapType: "granular" }),
  restartPolicy: scalar,
});
const ownerRef = obj({ apiVersion: scalar, kind: scalar, name: scalar, uid: scalar, controller: scalar });
export const objectMeta = obj({
  name: scalar,
  namespace: scalar,
  labels: map(),
  annotations: map(),
  finalizers: list(scalar, { listType: "set", patchStrategy: "merge" }),
  ownerReferences: list(ownerRef, { listType: "map", listMapKeys: ["uid"], patchStrategy: "merge", patchMergeKey: "uid" }),
});
const strategy = obj({ type: scalar, rollingUpdate: obj({ maxSurge: scalar, maxUnavailable: scalar }) }, {});
export const deployment = obj({
  apiVersion: scalar,
  kind: scalar,
  metadata: objectMeta,
  spec: obj({
    replicas: scalar,
    selector: obj({ matchLabels: map(), matchExpressions: list(ANY_FIELD, { listType: "atomic" }) }, { mapType: "atomic" }),
    strategy: { ...strategy, patchStrategy: "retainKeys" },
    template: obj({ metadata: objectMeta, spec: podSpec }),
  }),
  status: ANY_FIELD,
});
export const service = obj({
  metadata: objectMeta,
  spec: obj({
    ports: list(obj({ name: scalar, port: scalar, targetPort: scalar, protocol: scalar }), { listType: "map", listMapKeys: ["port", "protocol"], patchStrategy: "merge", patchMergeKey: "port" }),
    selector: map(scalar, { mapType: "atomic" }),
    type: scalar,
  }),
});
