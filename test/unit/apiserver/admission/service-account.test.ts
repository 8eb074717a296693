/**
 * The ServiceAccount admission plugin over a fake lookup: default account, the account's
 * imagePullSecrets, and the kube-api-access token volume in every container unless the pod
 * or its account turns automounting off.
 */
import { describe, expect, test } from "bun:test";
import type { KubeObject } from "../../../../src/api/meta/types.ts";
import { resourceFor } from "../../../../src/api/resources.ts";
import { serviceAccount } from "../../../../src/apiserver/admission/index.ts";
import { API_TOKEN_MOUNT_PATH, apiAccessVolume } from "../../../../src/apiserver/admission/plugins/service-account.ts";
import type { AdmissionAttributes, AdmissionLookup } from "../../../../src/apiserver/admission/types.ts";

const PODS = resourceFor("", "v1", "pods")!;
type Spec = Record<string, any>;

function lookup(accounts: KubeObject[]): AdmissionLookup {
  return {
    get: (group, plural, ns, name) => (group === "" && plural === "serviceaccounts" ? accounts.find((a) => a.metadata.namespace === ns && a.metadata.name === name) : undefined),
    getLive: async () => undefined,
    list: () => [],
  };
}
const sa = (name: string, fields: Record<string, unknown> = {}): KubeObject => ({ apiVersion: "v1", kind: "ServiceAccount", metadata: { name, namespace: "ns" }, ...fields }) as KubeObject;

function admit(spec: Spec, accounts: KubeObject[] = [sa("default")], annotations?: Record<string, string>): Spec {
  const object = { apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "ns", ...(annotations ? { annotations } : {}) }, spec } as KubeObject;
  const a: AdmissionAttributes = { resource: PODS, subresource: "", operation: "CREATE", namespace: "ns", name: "p", object, oldObject: undefined, user: { name: "admin", groups: [] }, dryRun: false };
  void serviceAccount.admit(a, lookup(accounts));
  return object["spec"] as Spec;
}

describe("ServiceAccount admission", () => {
  test("every container and init container mounts one kube-api-access volume", () => {
    const spec = admit({ initContainers: [{ name: "i", image: "x" }], containers: [{ name: "a", image: "x" }, { name: "b", image: "x", volumeMounts: [{ name: "d", mountPath: "/d" }] }] });
    expect(spec.serviceAccountName).toBe("default");
    expect(spec.serviceAccount).toBe("default");
    expect(spec.volumes).toHaveLength(1);
    const name = spec.volumes[0].name as string;
    expect(name).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(spec.volumes[0]).toEqual(apiAccessVolume(name));
    expect(spec.volumes[0].projected.sources).toEqual([
      { serviceAccountToken: { expirationSeconds: 3607, path: "token" } },
      { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } },
      { downwardAPI: { items: [{ path: "namespace", fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } }] } },
    ]);
    const mount = { name, readOnly: true, mountPath: API_TOKEN_MOUNT_PATH };
    expect(spec.initContainers[0].volumeMounts).toEqual([mount]);
    expect(spec.containers[0].volumeMounts).toEqual([mount]);
    expect(spec.containers[1].volumeMounts).toEqual([{ name: "d", mountPath: "/d" }, mount]);
  });

  test("automountServiceAccountToken: the pod's setting wins over the account's", () => {
    expect(admit({ automountServiceAccountToken: false, containers: [{ name: "a", image: "x" }] }).volumes).toBeUndefined();
    expect(admit({ serviceAccountName: "quiet", containers: [{ name: "a", image: "x" }] }, [sa("quiet", { automountServiceAccountToken: false })]).volumes).toBeUndefined();
    expect(admit({ serviceAccountName: "quiet", automountServiceAccountToken: true, containers: [{ name: "a", image: "x" }] }, [sa("quiet", { automountServiceAccountToken: false })]).volumes).toHaveLength(1);
  });

  test("a container with its own mount at the token path keeps it; an existing token volume is reused", () => {
    const own = admit({ containers: [{ name: "a", image: "x", volumeMounts: [{ name: "mine", mountPath: API_TOKEN_MOUNT_PATH }] }], volumes: [{ name: "mine", emptyDir: {} }] });
    expect(own.volumes).toEqual([{ name: "mine", emptyDir: {} }]);
    expect(own.containers[0].volumeMounts).toEqual([{ name: "mine", mountPath: API_TOKEN_MOUNT_PATH }]);
    const reused = admit({ containers: [{ name: "a", image: "x" }], volumes: [{ name: "kube-api-access-abcde", projected: { sources: [] } }] });
    expect(reused.volumes).toHaveLength(1);
    expect(reused.containers[0].volumeMounts[0].name).toBe("kube-api-access-abcde");
  });

  test("the account's imagePullSecrets apply when the pod has none", () => {
    const accounts = [sa("builder", { imagePullSecrets: [{ name: "reg" }] })];
    expect(admit({ serviceAccountName: "builder", containers: [] }, accounts).imagePullSecrets).toEqual([{ name: "reg" }]);
    expect(admit({ serviceAccountName: "builder", imagePullSecrets: [{ name: "own" }], containers: [] }, accounts).imagePullSecrets).toEqual([{ name: "own" }]);
  });

  test("mirror pods are left alone", () => {
    const spec = admit({ containers: [{ name: "a", image: "x" }] }, [sa("default")], { "kubernetes.io/config.mirror": "hash" });
    expect(spec.serviceAccountName).toBeUndefined();
    expect(spec.volumes).toBeUndefined();
  });
});
