/**
 * Admission webhooks with the real kubectl: a ValidatingWebhookConfiguration applied from
 * YAML (listed with upstream's columns) sends matching creates to a webhook served by this
 * test over HTTPS, and kubectl shows the webhook's refusal as users know it; a
 * MutatingWebhookConfiguration's patch shows in what kubectl reads back.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { createCa, issueCert } from "../../../src/apiserver/pki/certs.ts";
import type { Cluster } from "../../helpers/cluster.ts";
import { fails, ok, startApiCluster } from "./kubectl.ts";

let c: Cluster;
let hook: ReturnType<typeof Bun.serve>;
let caBundle = "";

function answer(review: any, response: Record<string, unknown>): Response {
  return Response.json({ apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview", response: { uid: review.request.uid, ...response } });
}

beforeAll(async () => {
  const ca = await createCa("e2e-webhook-ca");
  const cert = await issueCert(ca, { subject: { commonName: "hook" }, usage: "server", sans: ["127.0.0.1"] });
  caBundle = Buffer.from(ca.certPem).toString("base64");
  hook = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    tls: { cert: cert.certPem, key: cert.keyPem },
    async fetch(req) {
      const review = (await req.json()) as any;
      const obj = review.request.object;
      if (new URL(req.url).pathname === "/mutate") {
        const patch = [{ op: "add", path: "/data/stamped", value: "by-webhook" }];
        return answer(review, { allowed: true, patchType: "JSONPatch", patch: Buffer.from(JSON.stringify(patch)).toString("base64") });
      }
      if (obj?.metadata?.labels?.team === undefined) return answer(review, { allowed: false, status: { code: 403, message: "every ConfigMap needs a team label" } });
      return answer(review, { allowed: true });
    },
  });
  c = await startApiCluster();
});
afterAll(async () => {
  await c?.stop();
  hook?.stop(true);
});

function configuration(kind: "ValidatingWebhookConfiguration" | "MutatingWebhookConfiguration", name: string, path: string): string {
  return [
    "apiVersion: admissionregistration.k8s.io/v1",
    `kind: ${kind}`,
    "metadata:",
    `  name: ${name}`,
    "webhooks:",
    `- name: ${name}.example.com`,
    "  clientConfig:",
    `    url: https://127.0.0.1:${hook.port}${path}`,
    `    caBundle: ${caBundle}`,
    "  rules:",
    '  - operations: ["CREATE"]',
    '    apiGroups: [""]',
    '    apiVersions: ["v1"]',
    '    resources: ["configmaps"]',
    "  namespaceSelector:",
    "    matchLabels:",
    "      policy: strict",
    "  sideEffects: None",
    "  admissionReviewVersions: [v1]",
  ].join("\n");
}

test("a validating webhook's refusal reaches kubectl; allowed objects are created", async () => {
  await ok(c, ["create", "namespace", "strict"]);
  await ok(c, ["label", "namespace", "strict", "policy=strict"]);
  expect(await ok(c, ["apply", "-f", "-"], configuration("ValidatingWebhookConfiguration", "team-label", "/validate"))).toContain(
    "validatingwebhookconfiguration.admissionregistration.k8s.io/team-label created",
  );
  expect(await ok(c, ["get", "validatingwebhookconfigurations"])).toMatch(/^NAME\s+WEBHOOKS\s+AGE\nteam-label\s+1\s+\d+s\n$/);
  await Bun.sleep(300); // the dispatcher reads configurations from the watch cache
  const refused = await fails(c, ["create", "configmap", "nolabel", "-n", "strict", "--from-literal=a=b"]);
  expect(refused).toContain('admission webhook "team-label.example.com" denied the request: every ConfigMap needs a team label');
  await ok(c, ["apply", "-n", "strict", "-f", "-"], "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: labelled\n  labels:\n    team: web\ndata:\n  a: b\n");
  expect(await ok(c, ["get", "configmap", "labelled", "-n", "strict", "-o", "jsonpath={.data.a}"])).toBe("b");
  await ok(c, ["create", "configmap", "elsewhere", "--from-literal=a=b"]);
});

test("a mutating webhook's patch is what gets stored", async () => {
  await ok(c, ["apply", "-f", "-"], configuration("MutatingWebhookConfiguration", "stamp", "/mutate"));
  await Bun.sleep(300);
  await ok(c, ["apply", "-n", "strict", "-f", "-"], "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: stamped\n  labels:\n    team: web\ndata:\n  a: b\n");
  expect(await ok(c, ["get", "configmap", "stamped", "-n", "strict", "-o", "jsonpath={.data.stamped}"])).toBe("by-webhook");
  await ok(c, ["delete", "validatingwebhookconfiguration", "team-label"]);
  await ok(c, ["delete", "mutatingwebhookconfiguration", "stamp"]);
});
