import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startHarness, type Harness } from "./harness.ts";

/**
 * DefaultStorageClass and DefaultIngressClass admission over the API: claims and ingresses
 * created without a class get the default one (the newest when several are marked), while
 * an explicit class, an explicit empty storage class and the legacy ingress annotation are
 * kept.
 */

let h: Harness;
const CLAIMS = "/api/v1/namespaces/classes/persistentvolumeclaims";
const INGRESSES = "/apis/networking.k8s.io/v1/namespaces/classes/ingresses";

const storageClass = (name: string, isDefault: string | undefined) => ({
  apiVersion: "storage.k8s.io/v1",
  kind: "StorageClass",
  metadata: { name, ...(isDefault === undefined ? {} : { annotations: { "storageclass.kubernetes.io/is-default-class": isDefault } }) },
  provisioner: "example.com/disk",
});
const claim = (name: string, storageClassName?: string) => ({
  apiVersion: "v1",
  kind: "PersistentVolumeClaim",
  metadata: { name },
  spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, ...(storageClassName === undefined ? {} : { storageClassName }) },
});
const ingress = (name: string, extra: { className?: string; annotation?: string } = {}) => ({
  apiVersion: "networking.k8s.io/v1",
  kind: "Ingress",
  metadata: { name, ...(extra.annotation ? { annotations: { "kubernetes.io/ingress.class": extra.annotation } } : {}) },
  spec: { ...(extra.className ? { ingressClassName: extra.className } : {}), defaultBackend: { service: { name: "web", port: { number: 80 } } } },
});

beforeAll(async () => {
  h = await startHarness();
  await h.call("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "classes" } });
});
afterAll(() => h.stop());

describe("default classes", () => {
  test("a claim without a class gets the default StorageClass; explicit ones, empty included, are kept", async () => {
    expect((await h.call("POST", CLAIMS, claim("before"))).body.spec.storageClassName).toBeUndefined();
    for (const [name, d] of [["slow", undefined], ["maybe", "yes"], ["fast", "true"]] as const) expect((await h.call("POST", "/apis/storage.k8s.io/v1/storageclasses", storageClass(name, d))).status).toBe(201);
    expect((await h.call("POST", CLAIMS, claim("plain"))).body.spec.storageClassName).toBe("fast");
    expect((await h.call("POST", CLAIMS, claim("chosen", "slow"))).body.spec.storageClassName).toBe("slow");
    expect((await h.call("POST", CLAIMS, claim("none", ""))).body.spec.storageClassName).toBe("");
    // several defaults: the newest wins
    await Bun.sleep(1100);
    expect((await h.call("POST", "/apis/storage.k8s.io/v1/storageclasses", storageClass("newer", "true"))).status).toBe(201);
    expect((await h.call("POST", CLAIMS, claim("later"))).body.spec.storageClassName).toBe("newer");
  });

  test("an ingress without a class gets the default IngressClass unless it names one or the legacy annotation", async () => {
    const cls = { apiVersion: "networking.k8s.io/v1", kind: "IngressClass", metadata: { name: "nginx", annotations: { "ingressclass.kubernetes.io/is-default-class": "true" } }, spec: { controller: "k8s.io/ingress-nginx" } };
    expect((await h.call("POST", "/apis/networking.k8s.io/v1/ingressclasses", cls)).status).toBe(201);
    expect((await h.call("POST", INGRESSES, ingress("plain"))).body.spec.ingressClassName).toBe("nginx");
    expect((await h.call("POST", INGRESSES, ingress("named", { className: "traefik" }))).body.spec.ingressClassName).toBe("traefik");
    expect((await h.call("POST", INGRESSES, ingress("legacy", { annotation: "traefik" }))).body.spec.ingressClassName).toBeUndefined();
  });
});
