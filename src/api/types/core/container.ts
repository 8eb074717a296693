/** core/v1 Container: image, command, environment, ports, mounts, resources. */
import { s, type Infer } from "../../schema/dsl.ts";
import { ConfigMapKeySelectorSchema, FileKeySelectorSchema, LocalObjectReferenceFields, ObjectFieldSelectorSchema, ResourceFieldSelectorSchema, ResourceRequirementsSchema, SecretKeySelectorSchema } from "./common.ts";
import { LifecycleSchema, ProbeSchema } from "./probe.ts";
import { SecurityContextSchema } from "./security-context.ts";

export const ContainerPortSchema = s.object(
  {
    name: s.string().doc("Name of the port (IANA_SVC_NAME), unique within the pod; services may refer to it."),
    hostPort: s.int32().doc("Port to expose on the host; rarely needed."),
    containerPort: s.int32().doc("Port number on the pod's IP address."),
    protocol: s.enum(["TCP", "UDP", "SCTP"]).doc("TCP, UDP or SCTP; defaults to TCP."),
    hostIP: s.string().doc("Host IP to bind the host port to."),
  },
  { name: "io.k8s.api.core.v1.ContainerPort", description: "A network port of a container.", required: ["containerPort"] },
);
export type ContainerPort = Infer<typeof ContainerPortSchema>;

export const ConfigMapEnvSourceSchema = s.object(
  {
    ...LocalObjectReferenceFields,
    optional: s.boolean().doc("Whether the ConfigMap may be missing."),
  },
  { name: "io.k8s.api.core.v1.ConfigMapEnvSource", description: "Selects a ConfigMap whose keys become environment variables." },
);
export type ConfigMapEnvSource = Infer<typeof ConfigMapEnvSourceSchema>;

export const SecretEnvSourceSchema = s.object(
  {
    ...LocalObjectReferenceFields,
    optional: s.boolean().doc("Whether the Secret may be missing."),
  },
  { name: "io.k8s.api.core.v1.SecretEnvSource", description: "Selects a Secret whose keys become environment variables." },
);
export type SecretEnvSource = Infer<typeof SecretEnvSourceSchema>;

export const EnvFromSourceSchema = s.object(
  {
    prefix: s.string().doc("Prefix added to each key."),
    configMapRef: ConfigMapEnvSourceSchema.doc("The ConfigMap to read."),
    secretRef: SecretEnvSourceSchema.doc("The Secret to read."),
  },
  { name: "io.k8s.api.core.v1.EnvFromSource", description: "A source of a set of environment variables." },
);
export type EnvFromSource = Infer<typeof EnvFromSourceSchema>;

export const EnvVarSourceSchema = s.object(
  {
    fieldRef: ObjectFieldSelectorSchema.doc("A pod field, e.g. metadata.name, spec.nodeName, status.podIP."),
    resourceFieldRef: ResourceFieldSelectorSchema.doc("A container resource limit or request."),
    configMapKeyRef: ConfigMapKeySelectorSchema.doc("A key of a ConfigMap."),
    secretKeyRef: SecretKeySelectorSchema.doc("A key of a Secret."),
    fileKeyRef: FileKeySelectorSchema.doc("A key of an env file in a volume."),
  },
  { name: "io.k8s.api.core.v1.EnvVarSource", description: "Where an environment variable's value comes from." },
);
export type EnvVarSource = Infer<typeof EnvVarSourceSchema>;

export const EnvVarSchema = s.object(
  {
    name: s.string().doc("Name of the variable."),
    value: s.string().doc("Value, with $(VAR) references expanded; defaults to \"\"."),
    valueFrom: EnvVarSourceSchema.doc("Source of the value; cannot be used with value."),
  },
  { name: "io.k8s.api.core.v1.EnvVar", description: "An environment variable of a container.", required: ["name"] },
);
export type EnvVar = Infer<typeof EnvVarSchema>;

export const ContainerResizePolicySchema = s.object(
  {
    resourceName: s.string().doc("The resource, cpu or memory."),
    restartPolicy: s.string().doc("NotRequired or RestartContainer."),
  },
  { name: "io.k8s.api.core.v1.ContainerResizePolicy", description: "Whether a resource can be resized in place.", required: ["resourceName", "restartPolicy"] },
);
export type ContainerResizePolicy = Infer<typeof ContainerResizePolicySchema>;

export const ContainerRestartRuleOnExitCodesSchema = s.object(
  {
    operator: s.string().doc("In or NotIn."),
    values: s.array(s.int32(), { listType: "set" }).doc("The exit codes."),
  },
  { name: "io.k8s.api.core.v1.ContainerRestartRuleOnExitCodes", description: "Exit codes a restart rule matches." },
);
export type ContainerRestartRuleOnExitCodes = Infer<typeof ContainerRestartRuleOnExitCodesSchema>;

export const ContainerRestartRuleSchema = s.object(
  {
    action: s.string().doc("What to do when the rule matches; Restart."),
    exitCodes: ContainerRestartRuleOnExitCodesSchema.doc("The exit codes the rule matches."),
  },
  { name: "io.k8s.api.core.v1.ContainerRestartRule", description: "A rule that decides whether the container restarts on exit." },
);
export type ContainerRestartRule = Infer<typeof ContainerRestartRuleSchema>;

export const VolumeMountSchema = s.object(
  {
    name: s.string().doc("Name of the pod volume."),
    readOnly: s.boolean().doc("Mount read-only; defaults to false."),
    recursiveReadOnly: s.string().doc("Whether read-only mounts are also read-only in submounts."),
    mountPath: s.string().doc("Path inside the container; must not contain \":\"."),
    subPath: s.string().doc("Path within the volume to mount instead of its root."),
    mountPropagation: s.enum(["None", "HostToContainer", "Bidirectional"]).doc("How mounts propagate between host and container."),
    subPathExpr: s.string().doc("Like subPath, with $(VAR) references to the container's environment."),
  },
  { name: "io.k8s.api.core.v1.VolumeMount", description: "Mounts a volume into a container.", required: ["name", "mountPath"] },
);
export type VolumeMount = Infer<typeof VolumeMountSchema>;

export const VolumeDeviceSchema = s.object(
  {
    name: s.string().doc("Name of a persistentVolumeClaim volume of the pod."),
    devicePath: s.string().doc("Path inside the container the device is mapped to."),
  },
  { name: "io.k8s.api.core.v1.VolumeDevice", description: "Maps a raw block volume into a container.", required: ["name", "devicePath"] },
);
export type VolumeDevice = Infer<typeof VolumeDeviceSchema>;

export const ContainerSchema = s.object(
  {
    name: s.string().doc("Name of the container, unique within the pod (DNS label). Cannot be changed."),
    image: s.string().doc("Container image reference."),
    command: s.array(s.string(), { listType: "atomic" }).doc("Entrypoint array, run without a shell; replaces the image's ENTRYPOINT. $(VAR) references are expanded."),
    args: s.array(s.string(), { listType: "atomic" }).doc("Arguments to the entrypoint; replace the image's CMD. $(VAR) references are expanded."),
    workingDir: s.string().doc("Working directory of the container; defaults to the image's."),
    ports: s.array(ContainerPortSchema, { listType: "map", listMapKeys: ["containerPort", "protocol"], patchStrategy: "merge", patchMergeKey: "containerPort" }).doc("Ports the container exposes; informational, listing them does not open or close anything."),
    envFrom: s.array(EnvFromSourceSchema, { listType: "atomic" }).doc("Sources whose keys all become environment variables; env entries take precedence."),
    env: s.array(EnvVarSchema, { listType: "map", listMapKeys: ["name"], patchStrategy: "merge", patchMergeKey: "name" }).doc("Environment variables to set."),
    resources: ResourceRequirementsSchema.doc("Compute resources required by this container."),
    resizePolicy: s.array(ContainerResizePolicySchema, { listType: "atomic" }).doc("How the container reacts to in-place resource resizing."),
    restartPolicy: s.string().doc("For init containers, Always makes it a sidecar that keeps running; otherwise unset."),
    restartPolicyRules: s.array(ContainerRestartRuleSchema, { listType: "atomic" }).doc("Rules deciding, by exit code, whether the container is restarted."),
    volumeMounts: s.array(VolumeMountSchema, { listType: "map", listMapKeys: ["mountPath"], patchStrategy: "merge", patchMergeKey: "mountPath" }).doc("Pod volumes to mount into the container's filesystem."),
    volumeDevices: s.array(VolumeDeviceSchema, { listType: "map", listMapKeys: ["devicePath"], patchStrategy: "merge", patchMergeKey: "devicePath" }).doc("Block devices the container uses."),
    livenessProbe: ProbeSchema.doc("Periodic check of container health; the container is restarted when it fails."),
    readinessProbe: ProbeSchema.doc("Periodic check of service readiness; the pod is removed from endpoints when it fails."),
    startupProbe: ProbeSchema.doc("Check that the container started; other probes wait until it succeeds."),
    lifecycle: LifecycleSchema.doc("Actions the system runs after start and before stop."),
    terminationMessagePath: s.string().doc("File whose contents become the termination message; defaults to /dev/termination-log."),
    terminationMessagePolicy: s.enum(["File", "FallbackToLogsOnError"]).doc("File, or FallbackToLogsOnError to use the log tail when the file is empty."),
    imagePullPolicy: s.enum(["Always", "Never", "IfNotPresent"]).doc("Always, Never or IfNotPresent; defaults to Always for :latest, else IfNotPresent."),
    securityContext: SecurityContextSchema.doc("Security options the container runs with."),
    stdin: s.boolean().doc("Whether the container allocates a stdin buffer."),
    stdinOnce: s.boolean().doc("Whether stdin is closed after the first attach ends."),
    tty: s.boolean().doc("Whether the container gets a TTY; requires stdin."),
  },
  { name: "io.k8s.api.core.v1.Container", description: "A single application container that runs in a pod.", required: ["name"] },
);
export type Container = Infer<typeof ContainerSchema>;

/** Fields of EphemeralContainerCommon, inlined into the types that embed it. */
export const EphemeralContainerCommonFields = {
  name: s.string().doc("Name of the container, unique within the pod (DNS label). Cannot be changed."),
  image: s.string().doc("Container image reference."),
  command: s.array(s.string(), { listType: "atomic" }).doc("Entrypoint array, run without a shell; replaces the image's ENTRYPOINT. $(VAR) references are expanded."),
  args: s.array(s.string(), { listType: "atomic" }).doc("Arguments to the entrypoint; replace the image's CMD. $(VAR) references are expanded."),
  workingDir: s.string().doc("Working directory of the container; defaults to the image's."),
  ports: s.array(ContainerPortSchema, { listType: "map", listMapKeys: ["containerPort", "protocol"], patchStrategy: "merge", patchMergeKey: "containerPort" }).doc("Ports the container exposes; informational, listing them does not open or close anything."),
  envFrom: s.array(EnvFromSourceSchema, { listType: "atomic" }).doc("Sources whose keys all become environment variables; env entries take precedence."),
  env: s.array(EnvVarSchema, { listType: "map", listMapKeys: ["name"], patchStrategy: "merge", patchMergeKey: "name" }).doc("Environment variables to set."),
  resources: ResourceRequirementsSchema.doc("Compute resources required by this container."),
  resizePolicy: s.array(ContainerResizePolicySchema, { listType: "atomic" }).doc("How the container reacts to in-place resource resizing."),
  restartPolicy: s.string().doc("For init containers, Always makes it a sidecar that keeps running; otherwise unset."),
  restartPolicyRules: s.array(ContainerRestartRuleSchema, { listType: "atomic" }).doc("Rules deciding, by exit code, whether the container is restarted."),
  volumeMounts: s.array(VolumeMountSchema, { listType: "map", listMapKeys: ["mountPath"], patchStrategy: "merge", patchMergeKey: "mountPath" }).doc("Pod volumes to mount into the container's filesystem."),
  volumeDevices: s.array(VolumeDeviceSchema, { listType: "map", listMapKeys: ["devicePath"], patchStrategy: "merge", patchMergeKey: "devicePath" }).doc("Block devices the container uses."),
  livenessProbe: ProbeSchema.doc("Periodic check of container health; the container is restarted when it fails."),
  readinessProbe: ProbeSchema.doc("Periodic check of service readiness; the pod is removed from endpoints when it fails."),
  startupProbe: ProbeSchema.doc("Check that the container started; other probes wait until it succeeds."),
  lifecycle: LifecycleSchema.doc("Actions the system runs after start and before stop."),
  terminationMessagePath: s.string().doc("File whose contents become the termination message; defaults to /dev/termination-log."),
  terminationMessagePolicy: s.enum(["File", "FallbackToLogsOnError"]).doc("File, or FallbackToLogsOnError to use the log tail when the file is empty."),
  imagePullPolicy: s.enum(["Always", "Never", "IfNotPresent"]).doc("Always, Never or IfNotPresent; defaults to Always for :latest, else IfNotPresent."),
  securityContext: SecurityContextSchema.doc("Security options the container runs with."),
  stdin: s.boolean().doc("Whether the container allocates a stdin buffer."),
  stdinOnce: s.boolean().doc("Whether stdin is closed after the first attach ends."),
  tty: s.boolean().doc("Whether the container gets a TTY; requires stdin."),
};
export const EphemeralContainerCommonSchema = s.object(EphemeralContainerCommonFields, { name: "io.k8s.api.core.v1.EphemeralContainerCommon", required: ["name"] });
export type EphemeralContainerCommon = Infer<typeof EphemeralContainerCommonSchema>;

export const EphemeralContainerSchema = s.object(
  {
    ...EphemeralContainerCommonFields,
    targetContainerName: s.string().doc("The container whose namespaces this one joins."),
  },
  { name: "io.k8s.api.core.v1.EphemeralContainer", description: "A temporary container added to a running pod for debugging." },
);
export type EphemeralContainer = Infer<typeof EphemeralContainerSchema>;
