import { describe, expect, test } from "bun:test";
import { describeViolations, evaluatePod } from "../../../../src/apiserver/admission/plugins/pod-security/checks.ts";

const text = (level: "baseline" | "restricted", spec: Record<string, unknown>, metadata: Record<string, unknown> = {}) => describeViolations(evaluatePod(level, metadata, spec));
const c = (name: string, securityContext?: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ name, image: "x", ...(securityContext ? { securityContext } : {}), ...extra });
const compliant = { allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" } };

describe("Pod Security Standards checks", () => {
  test("privileged level checks nothing; a compliant pod passes restricted", () => {
    expect(evaluatePod("privileged", {}, { hostPID: true })).toEqual([]);
    expect(text("restricted", { containers: [c("a", compliant)], volumes: [{ name: "v", projected: { sources: [] } }] })).toBe("");
  });

  test("baseline: capabilities beyond the default set, hostPath volumes, unsafe sysctls, Unconfined seccomp", () => {
    const spec = {
      securityContext: { sysctls: [{ name: "net.ipv4.tcp_syncookies", value: "1" }, { name: "kernel.msgmax", value: "1" }], seccompProfile: { type: "Unconfined" } },
      containers: [c("a", { capabilities: { add: ["NET_ADMIN", "CHOWN"] } }), c("b", { capabilities: { add: ["SYS_ADMIN"] } })],
      volumes: [{ name: "root", hostPath: { path: "/" } }, { name: "logs", hostPath: { path: "/var/log" } }],
    };
    expect(text("baseline", spec)).toBe(
      'non-default capabilities (containers "a", "b" must not include "NET_ADMIN", "SYS_ADMIN" in securityContext.capabilities.add), hostPath volumes (volumes "root", "logs"), seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined"), forbidden sysctls (kernel.msgmax)',
    );
  });

  test("restricted: volume types, runAsUser=0, capabilities added beyond NET_BIND_SERVICE, pod-level settings cover containers", () => {
    const spec = {
      securityContext: { runAsNonRoot: true, runAsUser: 0, seccompProfile: { type: "RuntimeDefault" } },
      initContainers: [c("init", { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE", "SYS_TIME"] } })],
      containers: [c("a", { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, runAsNonRoot: false })],
      volumes: [{ name: "data", hostPath: { path: "/data" } }, { name: "cfg", configMap: { name: "x" } }],
    };
    expect(text("restricted", spec)).toBe(
      // in check-ID order, as upstream: capabilities_restricted, hostPathVolumes, restrictedVolumes, runAsNonRoot, runAsUser
      'unrestricted capabilities (container "init" must not include "SYS_TIME" in securityContext.capabilities.add), hostPath volumes (volume "data"), restricted volume types (volume "data" uses restricted volume type "hostPath"), runAsNonRoot != true (container "a" must not set securityContext.runAsNonRoot=false), runAsUser=0 (pod must not set runAsUser=0)',
    );
  });

  test("restricted: every container is named, in upstream's plural forms", () => {
    expect(text("restricted", { containers: [c("a", { ...compliant, allowPrivilegeEscalation: true }), c("b", { ...compliant, allowPrivilegeEscalation: undefined })] })).toBe(
      'allowPrivilegeEscalation != false (containers "a", "b" must set securityContext.allowPrivilegeEscalation=false)',
    );
  });
});
