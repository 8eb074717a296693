/** core/v1 container and pod security contexts. */
import { s, type Infer } from "../../schema/dsl.ts";

export const CapabilitiesSchema = s.object(
  {
    add: s.array(s.string(), { listType: "atomic" }).doc("Capabilities to add."),
    drop: s.array(s.string(), { listType: "atomic" }).doc("Capabilities to remove."),
  },
  { name: "io.k8s.api.core.v1.Capabilities", description: "Linux capabilities to add and drop." },
);
export type Capabilities = Infer<typeof CapabilitiesSchema>;

export const SELinuxOptionsSchema = s.object(
  {
    user: s.string().doc("SELinux user label."),
    role: s.string().doc("SELinux role label."),
    type: s.string().doc("SELinux type label."),
    level: s.string().doc("SELinux level label."),
  },
  { name: "io.k8s.api.core.v1.SELinuxOptions", description: "An SELinux context." },
);
export type SELinuxOptions = Infer<typeof SELinuxOptionsSchema>;

export const WindowsSecurityContextOptionsSchema = s.object(
  {
    gmsaCredentialSpecName: s.string().doc("Name of the GMSA credential spec."),
    gmsaCredentialSpec: s.string().doc("Contents of the GMSA credential spec."),
    runAsUserName: s.string().doc("User name the entrypoint runs as."),
    hostProcess: s.boolean().doc("Run as a Windows host process container."),
  },
  { name: "io.k8s.api.core.v1.WindowsSecurityContextOptions", description: "Windows-specific security settings." },
);
export type WindowsSecurityContextOptions = Infer<typeof WindowsSecurityContextOptionsSchema>;

export const SeccompProfileSchema = s.object(
  {
    type: s.enum(["Unconfined", "RuntimeDefault", "Localhost"]).doc("RuntimeDefault, Unconfined or Localhost."),
    localhostProfile: s.string().doc("Path of a profile on the node, for type Localhost."),
  },
  { name: "io.k8s.api.core.v1.SeccompProfile", description: "A seccomp profile.", required: ["type"] },
);
export type SeccompProfile = Infer<typeof SeccompProfileSchema>;

export const AppArmorProfileSchema = s.object(
  {
    type: s.enum(["Unconfined", "RuntimeDefault", "Localhost"]).doc("RuntimeDefault, Unconfined or Localhost."),
    localhostProfile: s.string().doc("Name of a profile loaded on the node, for type Localhost."),
  },
  { name: "io.k8s.api.core.v1.AppArmorProfile", description: "An AppArmor profile.", required: ["type"] },
);
export type AppArmorProfile = Infer<typeof AppArmorProfileSchema>;

export const SecurityContextSchema = s.object(
  {
    capabilities: CapabilitiesSchema.doc("Capabilities to add and drop."),
    privileged: s.boolean().doc("Run as privileged; equivalent to root on the host."),
    seLinuxOptions: SELinuxOptionsSchema.doc("SELinux context of the container."),
    windowsOptions: WindowsSecurityContextOptionsSchema.doc("Windows-specific settings."),
    runAsUser: s.int64().doc("UID the entrypoint runs as."),
    runAsGroup: s.int64().doc("GID the entrypoint runs as."),
    runAsNonRoot: s.boolean().doc("Refuse to start if the container would run as UID 0."),
    readOnlyRootFilesystem: s.boolean().doc("Mount the root filesystem read-only."),
    allowPrivilegeEscalation: s.boolean().doc("Whether a process can gain more privileges than its parent."),
    procMount: s.enum(["Default", "Unmasked"]).doc("Default or Unmasked /proc."),
    seccompProfile: SeccompProfileSchema.doc("Seccomp profile of the container."),
    appArmorProfile: AppArmorProfileSchema.doc("AppArmor profile of the container."),
  },
  { name: "io.k8s.api.core.v1.SecurityContext", description: "Security settings of a container; override the pod's where both are set." },
);
export type SecurityContext = Infer<typeof SecurityContextSchema>;

export const SysctlSchema = s.object(
  {
    name: s.string().doc("Name of the sysctl."),
    value: s.string().doc("Value to set."),
  },
  { name: "io.k8s.api.core.v1.Sysctl", description: "A kernel parameter to set.", required: ["name", "value"] },
);
export type Sysctl = Infer<typeof SysctlSchema>;

export const PodSecurityContextSchema = s.object(
  {
    seLinuxOptions: SELinuxOptionsSchema.doc("SELinux context for all containers."),
    windowsOptions: WindowsSecurityContextOptionsSchema.doc("Windows-specific settings for all containers."),
    runAsUser: s.int64().doc("UID the containers' entrypoints run as."),
    runAsGroup: s.int64().doc("GID the containers' entrypoints run as."),
    runAsNonRoot: s.boolean().doc("Refuse to start containers that would run as UID 0."),
    supplementalGroups: s.array(s.int64(), { listType: "atomic" }).doc("Extra GIDs added to each container's first process."),
    supplementalGroupsPolicy: s.enum(["Merge", "Strict"]).doc("Merge or Strict handling of the image's group memberships."),
    fsGroup: s.int64().doc("GID that owns volumes and is added to every container's groups."),
    sysctls: s.array(SysctlSchema, { listType: "atomic" }).doc("Namespaced sysctls set for the pod."),
    fsGroupChangePolicy: s.enum(["OnRootMismatch", "Always"]).doc("OnRootMismatch or Always: when volume ownership is changed."),
    seccompProfile: SeccompProfileSchema.doc("Seccomp profile for all containers."),
    appArmorProfile: AppArmorProfileSchema.doc("AppArmor profile for all containers."),
    seLinuxChangePolicy: s.string().doc("How SELinux labels are applied to volumes."),
  },
  { name: "io.k8s.api.core.v1.PodSecurityContext", description: "Security settings that apply to every container of the pod." },
);
export type PodSecurityContext = Infer<typeof PodSecurityContextSchema>;
