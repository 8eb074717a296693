/**
 * Objects every cluster starts with (upstream's system namespaces controller): the
 * default, kube-system, kube-public and kube-node-lease namespaces.
 */
import type { KubeObject } from "../../api/meta/index.ts";
import type { UserInfo } from "../filters/user.ts";
import type { RegistrySet } from "../registry/registry-set.ts";

export const SYSTEM_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"] as const;

const SYSTEM_USER: UserInfo = { name: "system:apiserver", groups: ["system:masters", "system:authenticated"] };

export async function ensureSystemNamespaces(regs: RegistrySet): Promise<void> {
  const reg = regs.registry({ group: "", plural: "namespaces" });
  if (!reg) return;
  await reg.cache.ready;
  for (const name of SYSTEM_NAMESPACES) {
    if (regs.get("", "namespaces", "", name)) continue;
    const obj: KubeObject = { apiVersion: "v1", kind: "Namespace", metadata: { name, labels: { "kubernetes.io/metadata.name": name } } };
    try {
      await reg.create({ user: SYSTEM_USER, dryRun: false, fieldManager: "kube-apiserver", fieldValidation: "Ignore", force: false, warnings: [], now: new Date() }, "", obj);
    } catch (e) {
      if ((e as { reason?: string }).reason !== "AlreadyExists") throw e;
    }
  }
}
