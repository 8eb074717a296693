/**
 * A container's environment as upstream's makeEnvironmentVariables: envFrom sources
 * first (with prefix; keys that are not valid variable names are skipped and
 * reported), then env entries in order, values expanded against the variables defined
 * so far and then the service variables; last the service variables (service-env.ts)
 * that no declared variable overrides. Missing non-optional sources are errors that
 * keep the container in CreateContainerConfigError, with upstream's messages.
 */
import type { ConfigMap, Container, Pod, Secret, Service } from "../api/types.ts";
import { isStaticPod } from "../static-pods.ts";
import { expand } from "./expand.ts";
import { FieldRefError, fieldRefValue, type PodRuntimeInfo, resourceFieldValue } from "./fieldref.ts";
import { serviceEnv, serviceNamespaces } from "./service-env.ts";

export interface ObjectGetter {
  configMap(namespace: string, name: string): Promise<ConfigMap | undefined>;
  secret(namespace: string, name: string): Promise<Secret | undefined>;
  /** Services of these namespaces (KubeletApi.listServices); absent: no service variables. */
  services?(namespaces: readonly string[], opts: { waitForSync: boolean }): Promise<Service[]>;
  /** TokenRequest for projected serviceAccountToken volumes; absent when unsupported. */
  serviceAccountToken?(namespace: string, serviceAccount: string, opts: { audience: string | undefined; expirationSeconds: number; podName: string; podUid: string }): Promise<string>;
}

export class EnvConfigError extends Error {}

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

function decodeSecret(s: Secret, key: string): string | undefined {
  const v = s.data?.[key];
  if (v !== undefined) return Buffer.from(v, "base64").toString("utf8");
  return s.stringData?.[key];
}

function secretKeys(s: Secret): string[] {
  return [...new Set([...Object.keys(s.data ?? {}), ...Object.keys(s.stringData ?? {})])];
}

export interface EnvResult {
  env: Array<[string, string]>;
  /** Keys skipped from envFrom sources (an InvalidEnvironmentVariableNames event). */
  invalidKeys: string[];
}

export async function containerEnv(pod: Pod, c: Container, info: PodRuntimeInfo, get: ObjectGetter): Promise<EnvResult> {
  const ns = pod.metadata.namespace ?? "default";
  const vars = new Map<string, string>();
  const invalid: string[] = [];
  const svcEnv = await podServiceEnv(pod, ns, get);
  for (const src of c.envFrom ?? []) {
    const prefix = src.prefix ?? "";
    if (src.configMapRef) {
      const name = src.configMapRef.name ?? "";
      const cm = await get.configMap(ns, name);
      if (!cm) {
        if (src.configMapRef.optional) continue;
        throw new EnvConfigError(`configmap "${name}" not found`);
      }
      for (const [k, v] of Object.entries(cm.data ?? {})) {
        const key = prefix + k;
        if (!ENV_NAME.test(key)) invalid.push(key);
        else vars.set(key, v);
      }
    }
    if (src.secretRef) {
      const name = src.secretRef.name ?? "";
      const s = await get.secret(ns, name);
      if (!s) {
        if (src.secretRef.optional) continue;
        throw new EnvConfigError(`secret "${name}" not found`);
      }
      for (const k of secretKeys(s)) {
        const key = prefix + k;
        if (!ENV_NAME.test(key)) invalid.push(key);
        else vars.set(key, decodeSecret(s, k) ?? "");
      }
    }
  }
  for (const e of c.env ?? []) {
    let value: string | undefined;
    if (e.value !== undefined) value = expand(e.value, (n) => vars.get(n) ?? svcEnv.get(n));
    else if (e.valueFrom) {
      const vf = e.valueFrom;
      try {
        if (vf.fieldRef) value = fieldRefValue(vf.fieldRef, pod, info);
        else if (vf.resourceFieldRef) value = resourceFieldValue(vf.resourceFieldRef, pod, c, info);
        else if (vf.configMapKeyRef) {
          const { name = "", key, optional } = vf.configMapKeyRef;
          const cm = await get.configMap(ns, name);
          if (!cm) {
            if (optional) continue;
            throw new EnvConfigError(`configmap "${name}" not found`);
          }
          value = cm.data?.[key] ?? (cm.binaryData?.[key] !== undefined ? Buffer.from(cm.binaryData[key]!, "base64").toString("utf8") : undefined);
          if (value === undefined) {
            if (optional) continue;
            throw new EnvConfigError(`couldn't find key ${key} in ConfigMap ${ns}/${name}`);
          }
        } else if (vf.secretKeyRef) {
          const { name = "", key, optional } = vf.secretKeyRef;
          const s = await get.secret(ns, name);
          if (!s) {
            if (optional) continue;
            throw new EnvConfigError(`secret "${name}" not found`);
          }
          value = decodeSecret(s, key);
          if (value === undefined) {
            if (optional) continue;
            throw new EnvConfigError(`couldn't find key ${key} in Secret ${ns}/${name}`);
          }
        }
      } catch (err) {
        if (err instanceof FieldRefError) throw new EnvConfigError(err.message);
        throw err;
      }
    }
    vars.set(e.name, value ?? "");
  }
  const env = [...vars];
  for (const [k, v] of svcEnv) if (!vars.has(k)) env.push([k, v]);
  return { env, invalidKeys: invalid };
}

/**
 * The service variables of a pod. Like upstream, a pod from the API waits for the
 * kubelet's Service cache to have synced once (so KUBERNETES_SERVICE_HOST is not
 * silently missing after a restart); a static pod takes the cache as it is.
 */
async function podServiceEnv(pod: Pod, ns: string, get: ObjectGetter): Promise<Map<string, string>> {
  if (!get.services) return new Map();
  const links = pod.spec.enableServiceLinks !== false;
  let services: Service[];
  try {
    services = await get.services(serviceNamespaces(ns, links), { waitForSync: !isStaticPod(pod) });
  } catch (err) {
    throw new EnvConfigError((err as Error).message);
  }
  return serviceEnv(services, ns, links);
}
