/** core/v1 PodStatus, pod conditions and container statuses. */
import { s, type Infer } from "../../schema/dsl.ts";
import { ResourceRequirementsSchema } from "./common.ts";

export const PodConditionSchema = s.object(
  {
    type: s.string(),
    observedGeneration: s.int64(),
    status: s.string(),
    lastProbeTime: s.time(),
    lastTransitionTime: s.time(),
    reason: s.string(),
    message: s.string(),
  },
  { name: "io.k8s.api.core.v1.PodCondition", required: ["type", "status"] },
);
export type PodCondition = Infer<typeof PodConditionSchema>;

export const HostIPSchema = s.object(
  {
    ip: s.string(),
  },
  { name: "io.k8s.api.core.v1.HostIP", required: ["ip"] },
);
export type HostIP = Infer<typeof HostIPSchema>;

export const PodIPSchema = s.object(
  {
    ip: s.string(),
  },
  { name: "io.k8s.api.core.v1.PodIP", required: ["ip"] },
);
export type PodIP = Infer<typeof PodIPSchema>;

export const ContainerStateWaitingSchema = s.object(
  {
    reason: s.string(),
    message: s.string(),
  },
  { name: "io.k8s.api.core.v1.ContainerStateWaiting" },
);
export type ContainerStateWaiting = Infer<typeof ContainerStateWaitingSchema>;

export const ContainerStateRunningSchema = s.object(
  {
    startedAt: s.time(),
  },
  { name: "io.k8s.api.core.v1.ContainerStateRunning" },
);
export type ContainerStateRunning = Infer<typeof ContainerStateRunningSchema>;

export const ContainerStateTerminatedSchema = s.object(
  {
    exitCode: s.int32(),
    signal: s.int32(),
    reason: s.string(),
    message: s.string(),
    startedAt: s.time(),
    finishedAt: s.time(),
    containerID: s.string(),
  },
  { name: "io.k8s.api.core.v1.ContainerStateTerminated", required: ["exitCode"] },
);
export type ContainerStateTerminated = Infer<typeof ContainerStateTerminatedSchema>;

export const ContainerStateSchema = s.object(
  {
    waiting: ContainerStateWaitingSchema,
    running: ContainerStateRunningSchema,
    terminated: ContainerStateTerminatedSchema,
  },
  { name: "io.k8s.api.core.v1.ContainerState" },
);
export type ContainerState = Infer<typeof ContainerStateSchema>;

export const VolumeMountStatusSchema = s.object(
  {
    name: s.string(),
    mountPath: s.string(),
    readOnly: s.boolean(),
    recursiveReadOnly: s.string(),
  },
  { name: "io.k8s.api.core.v1.VolumeMountStatus", required: ["name", "mountPath"] },
);
export type VolumeMountStatus = Infer<typeof VolumeMountStatusSchema>;

export const LinuxContainerUserSchema = s.object(
  {
    uid: s.int64(),
    gid: s.int64(),
    supplementalGroups: s.array(s.int64(), { listType: "atomic" }),
  },
  { name: "io.k8s.api.core.v1.LinuxContainerUser", required: ["uid", "gid"] },
);
export type LinuxContainerUser = Infer<typeof LinuxContainerUserSchema>;

export const ContainerUserSchema = s.object(
  {
    linux: LinuxContainerUserSchema,
  },
  { name: "io.k8s.api.core.v1.ContainerUser" },
);
export type ContainerUser = Infer<typeof ContainerUserSchema>;

export const ResourceHealthSchema = s.object(
  {
    resourceID: s.string(),
    health: s.string(),
  },
  { name: "io.k8s.api.core.v1.ResourceHealth", required: ["resourceID"] },
);
export type ResourceHealth = Infer<typeof ResourceHealthSchema>;

export const ResourceStatusSchema = s.object(
  {
    name: s.string(),
    resources: s.array(ResourceHealthSchema, { listType: "map", listMapKeys: ["resourceID"] }),
  },
  { name: "io.k8s.api.core.v1.ResourceStatus", required: ["name"] },
);
export type ResourceStatus = Infer<typeof ResourceStatusSchema>;

export const ContainerStatusSchema = s.object(
  {
    name: s.string(),
    state: ContainerStateSchema,
    lastState: ContainerStateSchema,
    ready: s.boolean(),
    restartCount: s.int32(),
    image: s.string(),
    imageID: s.string(),
    containerID: s.string(),
    started: s.boolean(),
    allocatedResources: s.map(s.quantity()),
    resources: ResourceRequirementsSchema,
    volumeMounts: s.array(VolumeMountStatusSchema, { listType: "map", listMapKeys: ["mountPath"], patchStrategy: "merge", patchMergeKey: "mountPath" }),
    user: ContainerUserSchema,
    allocatedResourcesStatus: s.array(ResourceStatusSchema, { listType: "map", listMapKeys: ["name"], patchStrategy: "merge", patchMergeKey: "name" }),
    stopSignal: s.enum(["SIGABRT", "SIGALRM", "SIGBUS", "SIGCHLD", "SIGCLD", "SIGCONT", "SIGFPE", "SIGHUP", "SIGILL", "SIGINT", "SIGIO", "SIGIOT", "SIGKILL", "SIGPIPE", "SIGPOLL", "SIGPROF", "SIGPWR", "SIGQUIT", "SIGSEGV", "SIGSTKFLT", "SIGSTOP", "SIGSYS", "SIGTERM", "SIGTRAP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGUSR1", "SIGUSR2", "SIGVTALRM", "SIGWINCH", "SIGXCPU", "SIGXFSZ", "SIGRTMIN", "SIGRTMIN+1", "SIGRTMIN+2", "SIGRTMIN+3", "SIGRTMIN+4", "SIGRTMIN+5", "SIGRTMIN+6", "SIGRTMIN+7", "SIGRTMIN+8", "SIGRTMIN+9", "SIGRTMIN+10", "SIGRTMIN+11", "SIGRTMIN+12", "SIGRTMIN+13", "SIGRTMIN+14", "SIGRTMIN+15", "SIGRTMAX-14", "SIGRTMAX-13", "SIGRTMAX-12", "SIGRTMAX-11", "SIGRTMAX-10", "SIGRTMAX-9", "SIGRTMAX-8", "SIGRTMAX-7", "SIGRTMAX-6", "SIGRTMAX-5", "SIGRTMAX-4", "SIGRTMAX-3", "SIGRTMAX-2", "SIGRTMAX-1", "SIGRTMAX"]),
  },
  { name: "io.k8s.api.core.v1.ContainerStatus", required: ["name", "ready", "restartCount", "image", "imageID"] },
);
export type ContainerStatus = Infer<typeof ContainerStatusSchema>;

export const PodResourceClaimStatusSchema = s.object(
  {
    name: s.string(),
    resourceClaimName: s.string(),
  },
  { name: "io.k8s.api.core.v1.PodResourceClaimStatus", required: ["name"] },
);
export type PodResourceClaimStatus = Infer<typeof PodResourceClaimStatusSchema>;

export const ContainerExtendedResourceRequestSchema = s.object(
  {
    containerName: s.string(),
    resourceName: s.string(),
    requestName: s.string(),
  },
  { name: "io.k8s.api.core.v1.ContainerExtendedResourceRequest", required: ["containerName", "resourceName", "requestName"] },
);
export type ContainerExtendedResourceRequest = Infer<typeof ContainerExtendedResourceRequestSchema>;

export const PodExtendedResourceClaimStatusSchema = s.object(
  {
    requestMappings: s.array(ContainerExtendedResourceRequestSchema, { listType: "atomic" }),
    resourceClaimName: s.string(),
  },
  { name: "io.k8s.api.core.v1.PodExtendedResourceClaimStatus", required: ["requestMappings", "resourceClaimName"] },
);
export type PodExtendedResourceClaimStatus = Infer<typeof PodExtendedResourceClaimStatusSchema>;

export const PodStatusSchema = s.object(
  {
    observedGeneration: s.int64(),
    phase: s.enum(["Pending", "Running", "Succeeded", "Failed", "Unknown"]),
    conditions: s.array(PodConditionSchema, { listType: "map", listMapKeys: ["type"], patchStrategy: "merge", patchMergeKey: "type" }),
    message: s.string(),
    reason: s.string(),
    nominatedNodeName: s.string(),
    hostIP: s.string(),
    hostIPs: s.array(HostIPSchema, { listType: "atomic", patchStrategy: "merge", patchMergeKey: "ip" }),
    podIP: s.string(),
    podIPs: s.array(PodIPSchema, { listType: "map", listMapKeys: ["ip"], patchStrategy: "merge", patchMergeKey: "ip" }),
    startTime: s.time(),
    initContainerStatuses: s.array(ContainerStatusSchema, { listType: "atomic" }),
    containerStatuses: s.array(ContainerStatusSchema, { listType: "atomic" }),
    qosClass: s.enum(["Guaranteed", "Burstable", "BestEffort"]),
    ephemeralContainerStatuses: s.array(ContainerStatusSchema, { listType: "atomic" }),
    resize: s.string(),
    resourceClaimStatuses: s.array(PodResourceClaimStatusSchema, { listType: "map", listMapKeys: ["name"], patchStrategy: "merge,retainKeys", patchMergeKey: "name" }),
    extendedResourceClaimStatus: PodExtendedResourceClaimStatusSchema,
  },
  { name: "io.k8s.api.core.v1.PodStatus" },
);
export type PodStatus = Infer<typeof PodStatusSchema>;
