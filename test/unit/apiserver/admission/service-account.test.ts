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

/** `accounts` in the cache; `stored` only in the store (a cache that trails it). */
function lookup(accounts: KubeObject[], stored: KubeObject[] = []): AdmissionLookup {
  const find = (list: KubeObject[], group: string, plural: string, ns: string, name: string) =>
    group === "" && plural === "serviceaccounts" ? list.find((a) => a.metadata.namespace === ns && a.metadata.name === name) : undefined;
  return {
    get: (group, plural, ns, name) => find(accounts, group, plural, ns, name),
    getLive: async (group, plural, ns, name) => find([...accounts, ...stored], group, plural, ns, name),
    list: () => [],
  };
}
const attributes = (spec: Spec): AdmissionAttributes => ({
  resource: PODS,
  subresource: "",
  operation: "CREATE",
  namespace: "ns",
  name: "p",
  object: { apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "ns" }, spec } as KubeObject,
  oldObject: undefined,
  user: { name: "admin", groups: [] },
  dryRun: false,
});
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

  test("a named account found in neither the cache nor the store is refused, as upstream", async () => {
    const a = attributes({ serviceAccountName: "ghost", containers: [{ name: "a", image: "x" }] });
    const err = await Promise.resolve(serviceAccount.admit(a, lookup([sa("default")]))).then(
      () => undefined,
      (e: unknown) => e as { status: { code: number; reason: string; message: string } },
    );
    expect(err?.status).toMatchObject({ code: 403, reason: "Forbidden", message: 'pods "p" is forbidden: error looking up service account ns/ghost: serviceaccount "ghost" not found' });
  });

  test("an account only the store has yet (the cache trails) is used", async () => {
    const a = attributes({ serviceAccountName: "fresh", containers: [{ name: "a", image: "x" }] });
    await serviceAccount.admit(a, lookup([], [sa("fresh", { automountServiceAccountToken: false, imagePullSecrets: [{ name: "reg" }] })]));
    const spec = a.object!["spec"] as Spec;
    expect(spec.volumes).toBeUndefined();
    expect(spec.imagePullSecrets).toEqual([{ name: "reg" }]);
  });

  test("a pod of a namespace whose default account is not there yet is admitted at once, with the token volume", () => {
    const a = attributes({ containers: [{ name: "a", image: "x" }] });
    expect(serviceAccount.admit(a, lookup([]))).toBeUndefined();
    expect((a.object!["spec"] as Spec).volumes).toHaveLength(1);
  });

  test("mirror pods are left alone", () => {
    const spec = admit({ containers: [{ name: "a", image: "x" }] }, [sa("default")], { "kubernetes.io/config.mirror": "hash" });
    expect(spec.serviceAccountName).toBeUndefined();
    expect(spec.volumes).toBeUndefined();
  });
});
