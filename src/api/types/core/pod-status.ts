/** core/v1 PodStatus, pod conditions and container statuses. */
import { s, type Infer } from "../../schema/dsl.ts";
import { ResourceRequirementsSchema } from "./common.ts";

export const PodConditionSchema = s.object(
  {
    type: s.string().doc("The kind of condition."),
    observedGeneration: s.int64().doc("The metadata.generation the condition was computed from."),
    status: s.string().doc("Whether the condition holds: True, False or Unknown."),
    lastProbeTime: s.time().doc("When the condition was last checked."),
    lastTransitionTime: s.time().doc("When the status last changed from one value to another."),
    reason: s.string().doc("A one-word CamelCase reason for the last transition."),
    message: s.string().doc("A human-readable explanation of the last transition."),
  },
  { name: "io.k8s.api.core.v1.PodCondition", description: "A condition of a pod.", required: ["type", "status"] },
);
export type PodCondition = Infer<typeof PodConditionSchema>;

export const HostIPSchema = s.object(
  {
    ip: s.string().doc("The address."),
  },
  { name: "io.k8s.api.core.v1.HostIP", description: "An IP address of the host.", required: ["ip"] },
);
export type HostIP = Infer<typeof HostIPSchema>;

export const PodIPSchema = s.object(
  {
    ip: s.string().doc("The address."),
  },
  { name: "io.k8s.api.core.v1.PodIP", description: "An IP address of the pod.", required: ["ip"] },
);
export type PodIP = Infer<typeof PodIPSchema>;

export const ContainerStateWaitingSchema = s.object(
  {
    reason: s.string().doc("Why it is waiting, e.g. ContainerCreating, ImagePullBackOff or CrashLoopBackOff."),
    message: s.string().doc("Details."),
  },
  { name: "io.k8s.api.core.v1.ContainerStateWaiting", description: "A container not yet running." },
);
export type ContainerStateWaiting = Infer<typeof ContainerStateWaitingSchema>;

export const ContainerStateRunningSchema = s.object(
  {
    startedAt: s.time().doc("When it started."),
  },
  { name: "io.k8s.api.core.v1.ContainerStateRunning", description: "A running container." },
);
export type ContainerStateRunning = Infer<typeof ContainerStateRunningSchema>;

export const ContainerStateTerminatedSchema = s.object(
  {
    exitCode: s.int32().doc("Exit status of the last run."),
    signal: s.int32().doc("Signal that ended it."),
    reason: s.string().doc("Why it ended, e.g. Completed, Error or OOMKilled."),
    message: s.string().doc("Details."),
    startedAt: s.time().doc("When it started."),
    finishedAt: s.time().doc("When it ended."),
    containerID: s.string().doc("Runtime ID of the container."),
  },
  { name: "io.k8s.api.core.v1.ContainerStateTerminated", description: "A container that finished.", required: ["exitCode"] },
);
export type ContainerStateTerminated = Infer<typeof ContainerStateTerminatedSchema>;

export const ContainerStateSchema = s.object(
  {
    waiting: ContainerStateWaitingSchema.doc("Not yet running."),
    running: ContainerStateRunningSchema.doc("Running."),
    terminated: ContainerStateTerminatedSchema.doc("Finished."),
  },
  { name: "io.k8s.api.core.v1.ContainerState", description: "The state of a container; exactly one member is set." },
);
export type ContainerState = Infer<typeof ContainerStateSchema>;

export const VolumeMountStatusSchema = s.object(
  {
    name: s.string().doc("Name of the volume."),
    mountPath: s.string().doc("Path inside the container."),
    readOnly: s.boolean().doc("Whether it is read-only."),
    recursiveReadOnly: s.string().doc("Whether submounts are read-only."),
  },
  { name: "io.k8s.api.core.v1.VolumeMountStatus", description: "The state of a volume mount.", required: ["name", "mountPath"] },
);
export type VolumeMountStatus = Infer<typeof VolumeMountStatusSchema>;

export const LinuxContainerUserSchema = s.object(
  {
    uid: s.int64().doc("User ID."),
    gid: s.int64().doc("Group ID."),
    supplementalGroups: s.array(s.int64(), { listType: "atomic" }).doc("Extra group IDs."),
  },
  { name: "io.k8s.api.core.v1.LinuxContainerUser", description: "Linux identity of a process.", required: ["uid", "gid"] },
);
export type LinuxContainerUser = Infer<typeof LinuxContainerUserSchema>;

export const ContainerUserSchema = s.object(
  {
    linux: LinuxContainerUserSchema.doc("Linux user and groups."),
  },
  { name: "io.k8s.api.core.v1.ContainerUser", description: "The identity of a container's first process." },
);
export type ContainerUser = Infer<typeof ContainerUserSchema>;

export const ResourceHealthSchema = s.object(
  {
    resourceID: s.string().doc("Device ID."),
    health: s.string().doc("Healthy, Unhealthy or Unknown."),
  },
  { name: "io.k8s.api.core.v1.ResourceHealth", description: "Health of one device.", required: ["resourceID"] },
);
export type ResourceHealth = Infer<typeof ResourceHealthSchema>;

export const ResourceStatusSchema = s.object(
  {
    name: s.string().doc("Resource name."),
    resources: s.array(ResourceHealthSchema, { listType: "map", listMapKeys: ["resourceID"] }).doc("Health of each allocated device."),
  },
  { name: "io.k8s.api.core.v1.ResourceStatus", description: "Health of a resource allocated to a container.", required: ["name"] },
);
export type ResourceStatus = Infer<typeof ResourceStatusSchema>;

export const ContainerStatusSchema = s.object(
  {
    name: s.string().doc("Name of the container."),
    state: ContainerStateSchema.doc("Current state."),
    lastState: ContainerStateSchema.doc("State of the previous termination, if any."),
    ready: s.boolean().doc("Whether the container passes its readiness probe."),
    restartCount: s.int32().doc("How many times the container restarted."),
    image: s.string().doc("Image the container runs."),
    imageID: s.string().doc("Resolved image ID."),
    containerID: s.string().doc("Runtime ID, as <type>://<id>."),
    started: s.boolean().doc("Whether the container passed its startup probe."),
    allocatedResources: s.map(s.quantity()).doc("Resources allocated to the container."),
    resources: ResourceRequirementsSchema.doc("Resources applied to the running container."),
    volumeMounts: s.array(VolumeMountStatusSchema, { listType: "map", listMapKeys: ["mountPath"], patchStrategy: "merge", patchMergeKey: "mountPath" }).doc("Mounts of the container."),
    user: ContainerUserSchema.doc("Identity of the container's process."),
    allocatedResourcesStatus: s.array(ResourceStatusSchema, { listType: "map", listMapKeys: ["name"], patchStrategy: "merge", patchMergeKey: "name" }).doc("Health of allocated resources."),
    stopSignal: s.enum(["SIGABRT", "SIGALRM", "SIGBUS", "SIGCHLD", "SIGCLD", "SIGCONT", "SIGFPE", "SIGHUP", "SIGILL", "SIGINT", "SIGIO", "SIGIOT", "SIGKILL", "SIGPIPE", "SIGPOLL", "SIGPROF", "SIGPWR", "SIGQUIT", "SIGSEGV", "SIGSTKFLT", "SIGSTOP", "SIGSYS", "SIGTERM", "SIGTRAP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGUSR1", "SIGUSR2", "SIGVTALRM", "SIGWINCH", "SIGXCPU", "SIGXFSZ", "SIGRTMIN", "SIGRTMIN+1", "SIGRTMIN+2", "SIGRTMIN+3", "SIGRTMIN+4", "SIGRTMIN+5", "SIGRTMIN+6", "SIGRTMIN+7", "SIGRTMIN+8", "SIGRTMIN+9", "SIGRTMIN+10", "SIGRTMIN+11", "SIGRTMIN+12", "SIGRTMIN+13", "SIGRTMIN+14", "SIGRTMIN+15", "SIGRTMAX-14", "SIGRTMAX-13", "SIGRTMAX-12", "SIGRTMAX-11", "SIGRTMAX-10", "SIGRTMAX-9", "SIGRTMAX-8", "SIGRTMAX-7", "SIGRTMAX-6", "SIGRTMAX-5", "SIGRTMAX-4", "SIGRTMAX-3", "SIGRTMAX-2", "SIGRTMAX-1", "SIGRTMAX"]).doc("Signal used to stop the container."),
  },
  { name: "io.k8s.api.core.v1.ContainerStatus", description: "The observed state of one container.", required: ["name", "ready", "restartCount", "image", "imageID"] },
);
export type ContainerStatus = Infer<typeof ContainerStatusSchema>;

export const PodResourceClaimStatusSchema = s.object(
  {
    name: s.string().doc("Entry name in spec.resourceClaims."),
    resourceClaimName: s.string().doc("Name of the generated claim."),
  },
  { name: "io.k8s.api.core.v1.PodResourceClaimStatus", description: "The claim generated for a pod resource claim entry.", required: ["name"] },
);
export type PodResourceClaimStatus = Infer<typeof PodResourceClaimStatusSchema>;

export const ContainerExtendedResourceRequestSchema = s.object(
  {
    containerName: s.string().doc("Container name."),
    resourceName: s.string().doc("Extended resource name."),
    requestName: s.string().doc("Request in the claim."),
  },
  { name: "io.k8s.api.core.v1.ContainerExtendedResourceRequest", description: "Maps a container's extended resource to a claim request.", required: ["containerName", "resourceName", "requestName"] },
);
export type ContainerExtendedResourceRequest = Infer<typeof ContainerExtendedResourceRequestSchema>;

export const PodExtendedResourceClaimStatusSchema = s.object(
  {
    requestMappings: s.array(ContainerExtendedResourceRequestSchema, { listType: "atomic" }).doc("Which container request maps to which claim request."),
    resourceClaimName: s.string().doc("Name of the claim."),
  },
  { name: "io.k8s.api.core.v1.PodExtendedResourceClaimStatus", description: "The claim created for extended resources.", required: ["requestMappings", "resourceClaimName"] },
);
export type PodExtendedResourceClaimStatus = Infer<typeof PodExtendedResourceClaimStatusSchema>;

export const PodStatusSchema = s.object(
  {
    observedGeneration: s.int64().doc("The pod generation this status reflects."),
    phase: s.enum(["Pending", "Running", "Succeeded", "Failed", "Unknown"]).doc("Pending, Running, Succeeded, Failed or Unknown."),
    conditions: s.array(PodConditionSchema, { listType: "map", listMapKeys: ["type"], patchStrategy: "merge", patchMergeKey: "type" }).doc("Current conditions: PodScheduled, Initialized, ContainersReady, Ready and others."),
    message: s.string().doc("Why the pod is in this state."),
    reason: s.string().doc("A short CamelCase reason, e.g. Evicted."),
    nominatedNodeName: s.string().doc("Node the pod was nominated for after preempting others."),
    hostIP: s.string().doc("Primary IP of the node running the pod."),
    hostIPs: s.array(HostIPSchema, { listType: "atomic", patchStrategy: "merge", patchMergeKey: "ip" }).doc("IPs of the node running the pod."),
    podIP: s.string().doc("Primary IP of the pod."),
    podIPs: s.array(PodIPSchema, { listType: "map", listMapKeys: ["ip"], patchStrategy: "merge", patchMergeKey: "ip" }).doc("IPs of the pod, one per family."),
    startTime: s.time().doc("When the kubelet acknowledged the pod."),
    initContainerStatuses: s.array(ContainerStatusSchema, { listType: "atomic" }).doc("Status of each init container."),
    containerStatuses: s.array(ContainerStatusSchema, { listType: "atomic" }).doc("Status of each application container."),
    qosClass: s.enum(["Guaranteed", "Burstable", "BestEffort"]).doc("Guaranteed, Burstable or BestEffort, computed from resources."),
    ephemeralContainerStatuses: s.array(ContainerStatusSchema, { listType: "atomic" }).doc("Status of each ephemeral container."),
    resize: s.string().doc("Deprecated state of an in-place resize."),
    resourceClaimStatuses: s.array(PodResourceClaimStatusSchema, { listType: "map", listMapKeys: ["name"], patchStrategy: "merge,retainKeys", patchMergeKey: "name" }).doc("Names of the claims generated for the pod."),
    extendedResourceClaimStatus: PodExtendedResourceClaimStatusSchema.doc("Claim created for extended resources."),
  },
  { name: "io.k8s.api.core.v1.PodStatus", description: "The observed state of a pod." },
);
export type PodStatus = Infer<typeof PodStatusSchema>;
