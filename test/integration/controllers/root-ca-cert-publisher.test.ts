import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type ControllerManager, runControllerManager } from "../../../src/controllers/index.ts";
import { DESCRIPTION, ROOT_CA_CONFIGMAP } from "../../../src/controllers/rootcacertpublisher/controller.ts";
import { eventually, newInformers, startTestCluster, type TestCluster } from "./harness.ts";

let cluster: TestCluster;
let manager: ControllerManager;
let ca = "";

beforeAll(async () => {
  cluster = await startTestCluster();
  const client = cluster.newClient();
  ca = client.config.caData ?? "";
  manager = runControllerManager({ client, informers: newInformers(client), controllers: ["root-ca-cert-publisher"] });
});
afterAll(async () => {
  await manager.stop();
  await cluster.stop();
});

describe("root CA certificate publisher through the API", () => {
  test("every namespace gets kube-root-ca.crt with the cluster CA, put back when changed or deleted", async () => {
    expect(ca).toContain("BEGIN CERTIFICATE");
    const inDefault = await eventually("in default", async () => cluster.client.configMaps("default").get(ROOT_CA_CONFIGMAP));
    expect(inDefault.data).toEqual({ "ca.crt": ca });
    expect(inDefault.metadata.annotations?.["kubernetes.io/description"]).toBe(DESCRIPTION);

    await cluster.client.namespaces().create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "team-ca" } });
    const first = await eventually("in team-ca", async () => cluster.client.configMaps("team-ca").get(ROOT_CA_CONFIGMAP));
    expect(first.data?.["ca.crt"]).toBe(ca);

    // a changed copy is put back, other fields kept
    await cluster.client.configMaps("team-ca").update({ ...first, metadata: { ...first.metadata, labels: { mine: "yes" }, annotations: {} }, data: { "ca.crt": "tampered", extra: "x" } });
    const restored = await eventually("restored", async () => {
      const cm = await cluster.client.configMaps("team-ca").get(ROOT_CA_CONFIGMAP);
      return cm.data?.["ca.crt"] === ca && cm.metadata.annotations?.["kubernetes.io/description"] ? cm : undefined;
    });
    expect(restored.data).toEqual({ "ca.crt": ca });
    expect(restored.metadata.labels).toEqual({ mine: "yes" });

    await cluster.client.configMaps("team-ca").delete(ROOT_CA_CONFIGMAP);
    const again = await eventually("recreated", async () => {
      const cm = await cluster.client.configMaps("team-ca").get(ROOT_CA_CONFIGMAP);
      return cm.metadata.uid !== first.metadata.uid ? cm : undefined;
    });
    expect(again.data).toEqual({ "ca.crt": ca });
  });
});
