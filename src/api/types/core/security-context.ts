/** core/v1 container and pod security contexts. */
import { s, type Infer } from "../../schema/dsl.ts";

export const CapabilitiesSchema = s.object(
  {
    add: s.array(s.string(), { listType: "atomic" }),
    drop: s.array(s.string(), { listType: "atomic" }),
  },
  { name: "io.k8s.api.core.v1.Capabilities" },
);
export type Capabilities = Infer<typeof CapabilitiesSchema>;

export const SELinuxOptionsSchema = s.object(
  {
    user: s.string(),
    role: s.string(),
    type: s.string(),
    level: s.string(),
  },
  { name: "io.k8s.api.core.v1.SELinuxOptions" },
);
export type SELinuxOptions = Infer<typeof SELinuxOptionsSchema>;

export const WindowsSecurityContextOptionsSchema = s.object(
  {
    gmsaCredentialSpecName: s.string(),
    gmsaCredentialSpec: s.string(),
    runAsUserName: s.string(),
    hostProcess: s.boolean(),
  },
  { name: "io.k8s.api.core.v1.WindowsSecurityContextOptions" },
);
export type WindowsSecurityContextOptions = Infer<typeof WindowsSecurityContextOptionsSchema>;

export const SeccompProfileSchema = s.object(
  {
    type: s.enum(["Unconfined", "RuntimeDefault", "Localhost"]),
    localhostProfile: s.string(),
  },
  { name: "io.k8s.api.core.v1.SeccompProfile", required: ["type"] },
);
export type SeccompProfile = Infer<typeof SeccompProfileSchema>;

export const AppArmorProfileSchema = s.object(
  {
    type: s.enum(["Unconfined", "RuntimeDefault", "Localhost"]),
    localhostProfile: s.string(),
  },
  { name: "io.k8s.api.core.v1.AppArmorProfile", required: ["type"] },
);
export type AppArmorProfile = Infer<typeof AppArmorProfileSchema>;

export const SecurityContextSchema = s.object(
  {
    capabilities: CapabilitiesSchema,
    privileged: s.boolean(),
    seLinuxOptions: SELinuxOptionsSchema,
    windowsOptions: WindowsSecurityContextOptionsSchema,
    runAsUser: s.int64(),
    runAsGroup: s.int64(),
    runAsNonRoot: s.boolean(),
    readOnlyRootFilesystem: s.boolean(),
    allowPrivilegeEscalation: s.boolean(),
    procMount: s.enum(["Default", "Unmasked"]),
    seccompProfile: SeccompProfileSchema,
    appArmorProfile: AppArmorProfileSchema,
  },
  { name: "io.k8s.api.core.v1.SecurityContext" },
);
export type SecurityContext = Infer<typeof SecurityContextSchema>;

export const SysctlSchema = s.object(
  {
    name: s.string(),
    value: s.string(),
  },
  { name: "io.k8s.api.core.v1.Sysctl", required: ["name", "value"] },
);
export type Sysctl = Infer<typeof SysctlSchema>;

export const PodSecurityContextSchema = s.object(
  {
    seLinuxOptions: SELinuxOptionsSchema,
    windowsOptions: WindowsSecurityContextOptionsSchema,
    runAsUser: s.int64(),
    runAsGroup: s.int64(),
    runAsNonRoot: s.boolean(),
    supplementalGroups: s.array(s.int64(), { listType: "atomic" }),
    supplementalGroupsPolicy: s.enum(["Merge", "Strict"]),
    fsGroup: s.int64(),
    sysctls: s.array(SysctlSchema, { listType: "atomic" }),
    fsGroupChangePolicy: s.enum(["OnRootMismatch", "Always"]),
    seccompProfile: SeccompProfileSchema,
    appArmorProfile: AppArmorProfileSchema,
    seLinuxChangePolicy: s.string(),
  },
  { name: "io.k8s.api.core.v1.PodSecurityContext" },
);
export type PodSecurityContext = Infer<typeof PodSecurityContextSchema>;
