/** core/v1 Container: image, command, environment, ports, mounts, resources. */
import { s, type Infer } from "../../schema/dsl.ts";
import { ConfigMapKeySelectorSchema, FileKeySelectorSchema, LocalObjectReferenceFields, ObjectFieldSelectorSchema, ResourceFieldSelectorSchema, ResourceRequirementsSchema, SecretKeySelectorSchema } from "./common.ts";
import { LifecycleSchema, ProbeSchema } from "./probe.ts";
import { SecurityContextSchema } from "./security-context.ts";

export const ContainerPortSchema = s.object(
  {
    name: s.string(),
    hostPort: s.int32(),
    containerPort: s.int32(),
    protocol: s.enum(["TCP", "UDP", "SCTP"]),
    hostIP: s.string(),
  },
  { name: "io.k8s.api.core.v1.ContainerPort", required: ["containerPort"] },
);
export type ContainerPort = Infer<typeof ContainerPortSchema>;

export const ConfigMapEnvSourceSchema = s.object(
  {
    ...LocalObjectReferenceFields,
    optional: s.boolean(),
  },
  { name: "io.k8s.api.core.v1.ConfigMapEnvSource" },
);
export type ConfigMapEnvSource = Infer<typeof ConfigMapEnvSourceSchema>;

export const SecretEnvSourceSchema = s.object(
  {
    ...LocalObjectReferenceFields,
    optional: s.boolean(),
  },
  { name: "io.k8s.api.core.v1.SecretEnvSource" },
);
export type SecretEnvSource = Infer<typeof SecretEnvSourceSchema>;

export const EnvFromSourceSchema = s.object(
  {
    prefix: s.string(),
    configMapRef: ConfigMapEnvSourceSchema,
    secretRef: SecretEnvSourceSchema,
  },
  { name: "io.k8s.api.core.v1.EnvFromSource" },
);
export type EnvFromSource = Infer<typeof EnvFromSourceSchema>;

export const EnvVarSourceSchema = s.object(
  {
    fieldRef: ObjectFieldSelectorSchema,
    resourceFieldRef: ResourceFieldSelectorSchema,
    configMapKeyRef: ConfigMapKeySelectorSchema,
    secretKeyRef: SecretKeySelectorSchema,
    fileKeyRef: FileKeySelectorSchema,
  },
  { name: "io.k8s.api.core.v1.EnvVarSource" },
);
export type EnvVarSource = Infer<typeof EnvVarSourceSchema>;

export const EnvVarSchema = s.object(
  {
    name: s.string(),
    value: s.string(),
    valueFrom: EnvVarSourceSchema,
  },
  { name: "io.k8s.api.core.v1.EnvVar", required: ["name"] },
);
export type EnvVar = Infer<typeof EnvVarSchema>;

export const ContainerResizePolicySchema = s.object(
  {
    resourceName: s.string(),
    restartPolicy: s.string(),
  },
  { name: "io.k8s.api.core.v1.ContainerResizePolicy", required: ["resourceName", "restartPolicy"] },
);
export type ContainerResizePolicy = Infer<typeof ContainerResizePolicySchema>;

export const ContainerRestartRuleOnExitCodesSchema = s.object(
  {
    operator: s.string(),
    values: s.array(s.int32(), { listType: "set" }),
  },
  { name: "io.k8s.api.core.v1.ContainerRestartRuleOnExitCodes" },
);
export type ContainerRestartRuleOnExitCodes = Infer<typeof ContainerRestartRuleOnExitCodesSchema>;

export const ContainerRestartRuleSchema = s.object(
  {
    action: s.string(),
    exitCodes: ContainerRestartRuleOnExitCodesSchema,
  },
  { name: "io.k8s.api.core.v1.ContainerRestartRule" },
);
export type ContainerRestartRule = Infer<typeof ContainerRestartRuleSchema>;

export const VolumeMountSchema = s.object(
  {
    name: s.string(),
    readOnly: s.boolean(),
    recursiveReadOnly: s.string(),
    mountPath: s.string(),
    subPath: s.string(),
    mountPropagation: s.enum(["None", "HostToContainer", "Bidirectional"]),
    subPathExpr: s.string(),
  },
  { name: "io.k8s.api.core.v1.VolumeMount", required: ["name", "mountPath"] },
);
export type VolumeMount = Infer<typeof VolumeMountSchema>;

export const VolumeDeviceSchema = s.object(
  {
    name: s.string(),
    devicePath: s.string(),
  },
  { name: "io.k8s.api.core.v1.VolumeDevice", required: ["name", "devicePath"] },
);
export type VolumeDevice = Infer<typeof VolumeDeviceSchema>;

export const ContainerSchema = s.object(
  {
    name: s.string(),
    image: s.string(),
    command: s.array(s.string(), { listType: "atomic" }),
    args: s.array(s.string(), { listType: "atomic" }),
    workingDir: s.string(),
    ports: s.array(ContainerPortSchema, { listType: "map", listMapKeys: ["containerPort", "protocol"], patchStrategy: "merge", patchMergeKey: "containerPort" }),
    envFrom: s.array(EnvFromSourceSchema, { listType: "atomic" }),
    env: s.array(EnvVarSchema, { listType: "map", listMapKeys: ["name"], patchStrategy: "merge", patchMergeKey: "name" }),
    resources: ResourceRequirementsSchema,
    resizePolicy: s.array(ContainerResizePolicySchema, { listType: "atomic" }),
    restartPolicy: s.string(),
    restartPolicyRules: s.array(ContainerRestartRuleSchema, { listType: "atomic" }),
    volumeMounts: s.array(VolumeMountSchema, { listType: "map", listMapKeys: ["mountPath"], patchStrategy: "merge", patchMergeKey: "mountPath" }),
    volumeDevices: s.array(VolumeDeviceSchema, { listType: "map", listMapKeys: ["devicePath"], patchStrategy: "merge", patchMergeKey: "devicePath" }),
    livenessProbe: ProbeSchema,
    readinessProbe: ProbeSchema,
    startupProbe: ProbeSchema,
    lifecycle: LifecycleSchema,
    terminationMessagePath: s.string(),
    terminationMessagePolicy: s.enum(["File", "FallbackToLogsOnError"]),
    imagePullPolicy: s.enum(["Always", "Never", "IfNotPresent"]),
    securityContext: SecurityContextSchema,
    stdin: s.boolean(),
    stdinOnce: s.boolean(),
    tty: s.boolean(),
  },
  { name: "io.k8s.api.core.v1.Container", required: ["name"] },
);
export type Container = Infer<typeof ContainerSchema>;

/** Fields of EphemeralContainerCommon, inlined into the types that embed it. */
export const EphemeralContainerCommonFields = {
  name: s.string(),
  image: s.string(),
  command: s.array(s.string(), { listType: "atomic" }),
  args: s.array(s.string(), { listType: "atomic" }),
  workingDir: s.string(),
  ports: s.array(ContainerPortSchema, { listType: "map", listMapKeys: ["containerPort", "protocol"], patchStrategy: "merge", patchMergeKey: "containerPort" }),
  envFrom: s.array(EnvFromSourceSchema, { listType: "atomic" }),
  env: s.array(EnvVarSchema, { listType: "map", listMapKeys: ["name"], patchStrategy: "merge", patchMergeKey: "name" }),
  resources: ResourceRequirementsSchema,
  resizePolicy: s.array(ContainerResizePolicySchema, { listType: "atomic" }),
  restartPolicy: s.string(),
  restartPolicyRules: s.array(ContainerRestartRuleSchema, { listType: "atomic" }),
  volumeMounts: s.array(VolumeMountSchema, { listType: "map", listMapKeys: ["mountPath"], patchStrategy: "merge", patchMergeKey: "mountPath" }),
  volumeDevices: s.array(VolumeDeviceSchema, { listType: "map", listMapKeys: ["devicePath"], patchStrategy: "merge", patchMergeKey: "devicePath" }),
  livenessProbe: ProbeSchema,
  readinessProbe: ProbeSchema,
  startupProbe: ProbeSchema,
  lifecycle: LifecycleSchema,
  terminationMessagePath: s.string(),
  terminationMessagePolicy: s.enum(["File", "FallbackToLogsOnError"]),
  imagePullPolicy: s.enum(["Always", "Never", "IfNotPresent"]),
  securityContext: SecurityContextSchema,
  stdin: s.boolean(),
  stdinOnce: s.boolean(),
  tty: s.boolean(),
};
export const EphemeralContainerCommonSchema = s.object(EphemeralContainerCommonFields, { name: "io.k8s.api.core.v1.EphemeralContainerCommon", required: ["name"] });
export type EphemeralContainerCommon = Infer<typeof EphemeralContainerCommonSchema>;

export const EphemeralContainerSchema = s.object(
  {
    ...EphemeralContainerCommonFields,
    targetContainerName: s.string(),
  },
  { name: "io.k8s.api.core.v1.EphemeralContainer" },
);
export type EphemeralContainer = Infer<typeof EphemeralContainerSchema>;
