import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startHarness, type Harness } from "./harness.ts";

/**
 * networking.k8s.io/v1 NetworkPolicies over the API: discovery and OpenAPI, CRUD with
 * upstream's defaults, upstream's validation answers, generation, server-side apply and
 * Table printing. Nothing enforces them: they are stored and served, so `kubectl apply`
 * and charts that render policies (bitnami's do by default) work.
 */

let h: Harness;
const GV = "/apis/networking.k8s.io/v1";
const POLS = `${GV}/namespaces/np/networkpolicies`;
const TABLE = { accept: "application/json;as=Table;v=v1;g=meta.k8s.io" };
const MERGE = { "content-type": "application/merge-patch+json" };
const STRATEGIC = { "content-type": "application/strategic-merge-patch+json" };
beforeAll(async () => {
  h = await startHarness();
  await h.call("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "np" } });
});
afterAll(() => h.stop());

function policy(name: string, spec: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name },
    spec: {
      podSelector: { matchLabels: { app: name } },
      ingress: [{ from: [{ podSelector: { matchLabels: { role: "client" } } }], ports: [{ port: 5432 }] }],
      ...spec,
    },
  };
}

/** What a bitnami chart renders: allow all egress, ingress on the service ports, from anywhere. */
const chartPolicy = (name: string) => ({
  apiVersion: "networking.k8s.io/v1",
  kind: "NetworkPolicy",
  metadata: { name, labels: { "app.kubernetes.io/name": "postgresql", "app.kubernetes.io/instance": name } },
  spec: {
    podSelector: { matchLabels: { "app.kubernetes.io/name": "postgresql", "app.kubernetes.io/instance": name } },
    policyTypes: ["Ingress", "Egress"],
    egress: [{}],
    ingress: [{ ports: [{ port: 5432 }] }],
  },
});

describe("discovery and OpenAPI", () => {
  test("/apis/networking.k8s.io/v1: networkpolicies (netpol, namespaced, no status)", async () => {
    const r = await h.call("GET", GV);
    expect(r.status).toBe(200);
    const names = r.body.resources.map((x: any) => x.name);
    expect(names).toContain("networkpolicies");
    expect(names).not.toContain("networkpolicies/status");
    const np = r.body.resources.find((x: any) => x.name === "networkpolicies");
    expect(np).toMatchObject({ singularName: "networkpolicy", namespaced: true, kind: "NetworkPolicy", shortNames: ["netpol"] });
    expect(np.categories).toBeUndefined();
    expect([...np.verbs].sort()).toEqual(["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]);
  });

  test("aggregated discovery lists it", async () => {
    const r = await h.req("/apis", { headers: { accept: "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json" } });
    const body = (await r.json()) as any;
    const group = body.items.find((i: any) => i.metadata.name === "networking.k8s.io");
    const np = group.versions[0].resources.find((x: any) => x.resource === "networkpolicies");
    expect(np).toMatchObject({ scope: "Namespaced", singularResource: "networkpolicy", shortNames: ["netpol"], responseKind: { group: "networking.k8s.io", version: "v1", kind: "NetworkPolicy" } });
    expect(np.subresources ?? []).toEqual([]);
  });

  test("OpenAPI v3 has the schemas with upstream's atomic lists, required cidr and enums", async () => {
    const idx = (await (await h.req("/openapi/v3")).json()) as any;
    const doc = (await (await h.req(idx.paths["apis/networking.k8s.io/v1"].serverRelativeURL)).json()) as any;
    const schemas = doc.components.schemas;
    const np = schemas["io.k8s.api.networking.v1.NetworkPolicy"];
    expect(np["x-kubernetes-group-version-kind"]).toEqual([{ group: "networking.k8s.io", kind: "NetworkPolicy", version: "v1" }]);
    expect(np.properties.status).toBeUndefined();
    expect(np.description).toBeTruthy();
    const spec = schemas["io.k8s.api.networking.v1.NetworkPolicySpec"];
    for (const list of ["ingress", "egress", "policyTypes"]) expect(spec.properties[list]["x-kubernetes-list-type"]).toBe("atomic");
    expect(spec.properties.policyTypes.items.enum).toEqual(["Egress", "Ingress"]);
    expect(spec.properties.podSelector.description).toContain("empty");
    expect(schemas["io.k8s.api.networking.v1.NetworkPolicyIngressRule"].properties.from["x-kubernetes-list-type"]).toBe("atomic");
    expect(schemas["io.k8s.api.networking.v1.NetworkPolicyEgressRule"].properties.to["x-kubernetes-list-type"]).toBe("atomic");
    expect(schemas["io.k8s.api.networking.v1.IPBlock"].required).toEqual(["cidr"]);
    expect(schemas["io.k8s.api.networking.v1.NetworkPolicyPort"].properties.protocol.enum).toEqual(["SCTP", "TCP", "UDP"]);
    expect(doc.paths["/apis/networking.k8s.io/v1/namespaces/{namespace}/networkpolicies/{name}"]).toBeDefined();
    expect(doc.paths["/apis/networking.k8s.io/v1/networkpolicies"]).toBeDefined();
    expect(doc.paths["/apis/networking.k8s.io/v1/namespaces/{namespace}/networkpolicies/{name}/status"]).toBeUndefined();
  });
});

describe("NetworkPolicy CRUD", () => {
  test("create (defaults applied), get, list, update", async () => {
    const created = await h.call("POST", POLS, policy("db", { egress: [{ to: [{ ipBlock: { cidr: "10.0.0.0/8", except: ["10.1.0.0/16"] } }], ports: [{ protocol: "UDP", port: 53 }] }] }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "db", namespace: "np", generation: 1 } });
    // SetDefaults_NetworkPolicy: Egress joins Ingress because egress rules are present; ports default to TCP
    expect(created.body.spec.policyTypes).toEqual(["Ingress", "Egress"]);
    expect(created.body.spec.ingress[0].ports).toEqual([{ protocol: "TCP", port: 5432 }]);
    expect(created.body.spec.egress[0].ports).toEqual([{ protocol: "UDP", port: 53 }]);
    expect(created.body.status).toBeUndefined();

    const got = await h.call("GET", `${POLS}/db`);
    expect(got.status).toBe(200);
    expect(got.body.spec).toEqual(created.body.spec);
    expect((await h.call("GET", `${GV}/namespaces/nowhere/networkpolicies/db`)).status).toBe(404);

    const list = await h.call("GET", POLS);
    expect(list.body).toMatchObject({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicyList" });
    expect(list.body.metadata.resourceVersion).toBeTruthy();
    expect(list.body.items.map((i: any) => i.metadata.name)).toEqual(["db"]);
    expect((await h.call("GET", `${GV}/networkpolicies`)).body.items.map((i: any) => `${i.metadata.namespace}/${i.metadata.name}`)).toContain("np/db");

    // a label change keeps the generation; a spec change bumps it
    const relabel = structuredClone(got.body);
    relabel.metadata.labels = { owner: "team" };
    const relabeled = await h.call("PUT", `${POLS}/db`, relabel);
    expect(relabeled.status).toBe(200);
    expect(relabeled.body.metadata.generation).toBe(1);

    const respec = structuredClone(relabeled.body);
    respec.spec.ingress[0].ports.push({ port: "metrics", protocol: "TCP" });
    const updated = await h.call("PUT", `${POLS}/db`, respec);
    expect(updated.status).toBe(200);
    expect(updated.body.spec.ingress[0].ports).toEqual([{ protocol: "TCP", port: 5432 }, { port: "metrics", protocol: "TCP" }]);
    expect(updated.body.metadata.generation).toBe(2);
  });

  test("a policy without a spec: the empty pod selector and Ingress, as upstream serves it", async () => {
    const r = await h.call("POST", POLS, { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "deny-all" } });
    expect(r.status).toBe(201);
    expect(r.body.spec).toEqual({ podSelector: {}, policyTypes: ["Ingress"] });
  });

  test("a status in the body is not kept (the kind has none)", async () => {
    const r = await h.call("POST", POLS, { ...policy("with-status"), status: { conditions: [{ type: "Ready", status: "True" }] } });
    expect(r.status).toBe(201);
    expect(r.body.status).toBeUndefined();
    expect((await h.call("GET", `${POLS}/with-status`)).body.status).toBeUndefined();
  });

  test("a chart's policy applies as rendered", async () => {
    const r = await h.call("POST", POLS, chartPolicy("pg"));
    expect(r.status).toBe(201);
    expect(r.body.spec.egress).toEqual([{}]);
    expect(r.body.spec.policyTypes).toEqual(["Ingress", "Egress"]);
    expect(r.body.spec.ingress).toEqual([{ ports: [{ port: 5432, protocol: "TCP" }] }]);
  });

  test("merge and strategic merge patches replace the atomic lists and bump generation", async () => {
    expect((await h.call("POST", POLS, policy("patched"))).status).toBe(201);
    const merged = await h.call("PATCH", `${POLS}/patched`, { spec: { ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: "a" } } }] }] } }, MERGE);
    expect(merged.status).toBe(200);
    expect(merged.body.spec.ingress).toEqual([{ from: [{ namespaceSelector: { matchLabels: { team: "a" } } }] }]);
    expect(merged.body.metadata.generation).toBe(2);

    const strategic = await h.call("PATCH", `${POLS}/patched`, { spec: { ingress: [{ ports: [{ port: 80 }] }], policyTypes: ["Ingress", "Egress"] } }, STRATEGIC);
    expect(strategic.status).toBe(200);
    expect(strategic.body.spec.ingress).toEqual([{ ports: [{ port: 80, protocol: "TCP" }] }]);
    expect(strategic.body.spec.policyTypes).toEqual(["Ingress", "Egress"]);
    expect(strategic.body.metadata.generation).toBe(3);

    const invalid = await h.call("PATCH", `${POLS}/patched`, { spec: { policyTypes: ["Ingress", "Sideways"] } }, MERGE);
    expect(invalid.status).toBe(422);
    expect((await h.call("GET", `${POLS}/patched`)).body.spec.policyTypes).toEqual(["Ingress", "Egress"]);
  });

  test("a write that differs from the stored spec only by defaults keeps the generation (kubectl apply of an unchanged manifest)", async () => {
    const manifest = policy("same", { ingress: [{ ports: [{ port: 80 }] }] });
    const created = (await h.call("POST", POLS, manifest)).body;
    expect(created.spec.ingress[0].ports).toEqual([{ port: 80, protocol: "TCP" }]);
    // the atomic ingress list comes back whole, without the defaulted protocol, as kubectl's patch sends it
    const patched = await h.call("PATCH", `${POLS}/same`, { spec: { ingress: [{ ports: [{ port: 80 }] }] } }, STRATEGIC);
    expect(patched.status).toBe(200);
    expect(patched.body.metadata.generation).toBe(1);
    expect(patched.body.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
    const put = await h.call("PUT", `${POLS}/same`, { ...manifest, metadata: { ...created.metadata } });
    expect(put.status).toBe(200);
    expect(put.body.metadata.generation).toBe(1);
    // without policyTypes the default comes back too
    expect(put.body.spec.policyTypes).toEqual(["Ingress"]);
  });

  test("delete", async () => {
    expect((await h.call("POST", POLS, policy("gone"))).status).toBe(201);
    expect((await h.call("DELETE", `${POLS}/gone`)).status).toBe(200);
    expect((await h.call("GET", `${POLS}/gone`)).status).toBe(404);
    expect((await h.call("DELETE", `${POLS}/gone`)).status).toBe(404);
  });
});

describe("validation answers 422 with upstream's messages", () => {
  const invalid = async (name: string, spec: Record<string, unknown>) => {
    const r = await h.call("POST", POLS, policy(name, spec));
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ kind: "Status", status: "Failure", reason: "Invalid", code: 422, details: { name, group: "networking.k8s.io", kind: "NetworkPolicy" } });
    return r.body;
  };

  test("an unsupported protocol", async () => {
    const body = await invalid("proto", { ingress: [{ ports: [{ protocol: "ICMP", port: 1 }] }] });
    expect(body.message).toBe('NetworkPolicy.networking.k8s.io "proto" is invalid: spec.ingress[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"');
    expect(body.details.causes).toEqual([{ reason: "FieldValueNotSupported", message: 'Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"', field: "spec.ingress[0].ports[0].protocol" }]);
  });

  test("endPort with a named port, and below its port", async () => {
    const body = await invalid("ranges", { egress: [{ ports: [{ port: "http", endPort: 90 }, { port: 100, endPort: 90 }] }] });
    expect(body.details.causes).toEqual([
      { reason: "FieldValueInvalid", message: "Invalid value: 90: may not be specified when `port` is non-numeric", field: "spec.egress[0].ports[0].endPort" },
      { reason: "FieldValueInvalid", message: "Invalid value: 90: must be greater than or equal to `port`", field: "spec.egress[0].ports[1].endPort" },
    ]);
  });

  test("peers: none given, ipBlock with a selector, an except outside the block", async () => {
    const body = await invalid("peers", {
      ingress: [{ from: [{}, { ipBlock: { cidr: "10.0.0.0/16" }, namespaceSelector: {} }, { ipBlock: { cidr: "10.0.0.0/16", except: ["10.1.0.0/24"] } }] }],
    });
    expect(body.details.causes).toEqual([
      { reason: "FieldValueRequired", message: "Required value: must specify a peer", field: "spec.ingress[0].from[0]" },
      { reason: "FieldValueForbidden", message: "Forbidden: may not specify both ipBlock and another peer", field: "spec.ingress[0].from[1]" },
      { reason: "FieldValueInvalid", message: 'Invalid value: "10.1.0.0/24": must be a strict subset of `cidr`', field: "spec.ingress[0].from[2].ipBlock.except[0]" },
    ]);
    expect(body.message).toStartWith('NetworkPolicy.networking.k8s.io "peers" is invalid: [spec.ingress[0].from[0]: Required value: must specify a peer, ');
  });

  test("a bad cidr and a bad pod selector", async () => {
    const body = await invalid("cidr", { podSelector: { matchExpressions: [{ key: "app", operator: "In" }] }, egress: [{ to: [{ ipBlock: { cidr: "10.0.0.0/40" } }] }] });
    expect(body.details.causes.map((c: any) => c.field)).toEqual(["spec.podSelector.matchExpressions[0].values", "spec.egress[0].to[0].ipBlock.cidr"]);
    expect(body.details.causes[1].message).toBe('Invalid value: "10.0.0.0/40": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)');
  });

  test("more than two policy types", async () => {
    const body = await invalid("types", { policyTypes: ["Ingress", "Egress", "Ingress"] });
    expect(body.message).toBe('NetworkPolicy.networking.k8s.io "types" is invalid: spec.policyTypes: Invalid value: []networking.PolicyType{"Ingress", "Egress", "Ingress"}: may not specify more than two policyTypes');
    expect(body.details.causes).toEqual([
      { reason: "FieldValueInvalid", message: 'Invalid value: []networking.PolicyType{"Ingress", "Egress", "Ingress"}: may not specify more than two policyTypes', field: "spec.policyTypes" },
    ]);
  });

  test("an invalid update is refused and changes nothing; upstream checks the spec twice on update", async () => {
    expect((await h.call("POST", POLS, policy("upd"))).status).toBe(201);
    const body = (await h.call("GET", `${POLS}/upd`)).body;
    body.spec.policyTypes = ["Ingress", "Both"];
    const r = await h.call("PUT", `${POLS}/upd`, body);
    expect(r.status).toBe(422);
    const msg = 'spec.policyTypes[1]: Unsupported value: "Both": supported values: "Ingress", "Egress"';
    expect(r.body.message).toBe(`NetworkPolicy.networking.k8s.io "upd" is invalid: ${msg}`);
    expect(r.body.details.causes.map((c: any) => c.field)).toEqual(["spec.policyTypes[1]", "spec.policyTypes[1]"]);
    const after = (await h.call("GET", `${POLS}/upd`)).body;
    expect(after.spec.policyTypes).toEqual(["Ingress"]);
    expect(after.metadata.resourceVersion).toBe(body.metadata.resourceVersion);
  });

  test("dry-run validates without storing", async () => {
    const bad = await h.call("POST", `${POLS}?dryRun=All`, policy("dry", { policyTypes: ["Nope"] }));
    expect(bad.status).toBe(422);
    const ok = await h.call("POST", `${POLS}?dryRun=All`, policy("dry"));
    expect(ok.status).toBe(201);
    expect(ok.body.spec.policyTypes).toEqual(["Ingress"]);
    expect((await h.call("GET", `${POLS}/dry`)).status).toBe(404);
  });
});

describe("server-side apply", () => {
  test("an applied manifest creates with defaults, and a re-apply replaces the atomic ingress list", async () => {
    const patch = (body: unknown) =>
      h.req(`${POLS}/applied?fieldManager=helm&force=true`, { method: "PATCH", headers: { "content-type": "application/apply-patch+yaml" }, body: JSON.stringify(body) });
    const first = await patch(policy("applied", { ingress: [{ ports: [{ port: 80 }] }, { ports: [{ port: 443 }] }] }));
    expect(first.status).toBe(201);
    const created = (await first.json()) as any;
    expect(created.spec.policyTypes).toEqual(["Ingress"]);
    expect(created.metadata.managedFields[0]).toMatchObject({ manager: "helm", operation: "Apply" });

    const second = await patch(policy("applied", { ingress: [{ ports: [{ port: 8443, protocol: "TCP" }] }] }));
    expect(second.status).toBe(200);
    const got = (await h.call("GET", `${POLS}/applied`)).body;
    expect(got.spec.ingress).toEqual([{ ports: [{ port: 8443, protocol: "TCP" }] }]);
    expect(got.metadata.generation).toBe(2);
  });
});

describe("Table output", () => {
  test("NAME, POD-SELECTOR, AGE", async () => {
    const ns = `${GV}/namespaces/tbl/networkpolicies`;
    await h.call("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "tbl" } });
    expect((await h.call("POST", ns, { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "all" }, spec: { podSelector: {} } })).status).toBe(201);
    const sel = { matchLabels: { app: "web" }, matchExpressions: [{ key: "tier", operator: "In", values: ["fe", "be"] }] };
    expect((await h.call("POST", ns, policy("web", { podSelector: sel }))).status).toBe(201);

    const r = await h.call("GET", ns, undefined, TABLE);
    expect(r.status).toBe(200);
    expect(r.body.kind).toBe("Table");
    expect(r.body.columnDefinitions.map((c: any) => c.name)).toEqual(["Name", "Pod-Selector", "Age"]);
    const rows = Object.fromEntries(r.body.rows.map((row: any) => [row.cells[0], row.cells[1]]));
    expect(rows).toEqual({ all: "<none>", web: "app=web,tier in (be,fe)" });
    const one = await h.call("GET", `${ns}/web`, undefined, TABLE);
    expect(one.body.rows).toHaveLength(1);
    expect(one.body.rows[0].object.metadata.name).toBe("web");
  });
});
