import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startHarness, type Harness } from "./harness.ts";

/**
 * networking.k8s.io/v1 Ingresses and IngressClasses over the API: discovery and OpenAPI,
 * CRUD, upstream's validation answers, the status subresource, generation, server-side
 * apply and Table printing. Nothing acts on them (no ingress controller): they are stored
 * and served, so charts' manifests apply and kubectl apply --prune can list them.
 */

let h: Harness;
const GV = "/apis/networking.k8s.io/v1";
const INGS = `${GV}/namespaces/ing/ingresses`;
const CLASSES = `${GV}/ingressclasses`;
const TABLE = { accept: "application/json;as=Table;v=v1;g=meta.k8s.io" };
beforeAll(async () => {
  h = await startHarness();
  await h.call("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "ing" } });
});
afterAll(() => h.stop());

/** One HTTP path; pathType null leaves it out. */
const path = (p: string, backend: Record<string, unknown> = { service: { name: "web", port: { number: 80 } } }, pathType: string | null = "Prefix") => ({
  path: p,
  ...(pathType ? { pathType } : {}),
  backend,
});

function ingress(name: string, spec: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: { name },
    spec: { ingressClassName: "nginx", rules: [{ host: `${name}.example.com`, http: { paths: [path("/")] } }], ...spec },
  };
}

const ingressClass = (name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: "networking.k8s.io/v1",
  kind: "IngressClass",
  metadata: { name },
  spec: { controller: "k8s.io/ingress-nginx", ...spec },
});

describe("discovery and OpenAPI", () => {
  test("/apis lists networking.k8s.io/v1", async () => {
    const apis = await h.call("GET", "/apis");
    expect(apis.body.groups.find((g: any) => g.name === "networking.k8s.io")).toEqual({
      name: "networking.k8s.io",
      versions: [{ groupVersion: "networking.k8s.io/v1", version: "v1" }],
      preferredVersion: { groupVersion: "networking.k8s.io/v1", version: "v1" },
    });
  });

  test("/apis/networking.k8s.io/v1: ingresses (ing, namespaced, status) and ingressclasses (cluster-scoped)", async () => {
    const r = await h.call("GET", GV);
    expect(r.status).toBe(200);
    expect(r.body.groupVersion).toBe("networking.k8s.io/v1");
    const find = (name: string) => r.body.resources.find((x: any) => x.name === name);
    expect(r.body.resources.map((x: any) => x.name)).toEqual(["ingressclasses", "ingresses", "ingresses/status", "networkpolicies"]);
    expect(find("ingresses")).toMatchObject({ singularName: "ingress", namespaced: true, kind: "Ingress", shortNames: ["ing"] });
    expect(find("ingresses").categories).toBeUndefined();
    expect([...find("ingresses").verbs].sort()).toEqual(["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]);
    expect(find("ingresses/status")).toMatchObject({ namespaced: true, kind: "Ingress", verbs: ["get", "patch", "update"] });
    expect(find("ingressclasses")).toMatchObject({ singularName: "ingressclass", namespaced: false, kind: "IngressClass" });
  });

  test("aggregated discovery carries the group", async () => {
    const r = await h.req("/apis", { headers: { accept: "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json" } });
    const body = (await r.json()) as any;
    const group = body.items.find((i: any) => i.metadata.name === "networking.k8s.io");
    const resources = group.versions[0].resources.map((x: any) => x.resource).sort();
    expect(resources).toEqual(["ingressclasses", "ingresses", "networkpolicies"]);
  });

  test("OpenAPI v3 has the schemas with upstream's atomic lists", async () => {
    const idx = (await (await h.req("/openapi/v3")).json()) as any;
    const doc = (await (await h.req(idx.paths["apis/networking.k8s.io/v1"].serverRelativeURL)).json()) as any;
    const schemas = doc.components.schemas;
    expect(schemas["io.k8s.api.networking.v1.Ingress"]["x-kubernetes-group-version-kind"]).toEqual([{ group: "networking.k8s.io", kind: "Ingress", version: "v1" }]);
    expect(schemas["io.k8s.api.networking.v1.IngressSpec"].properties.rules["x-kubernetes-list-type"]).toBe("atomic");
    expect(schemas["io.k8s.api.networking.v1.IngressSpec"].properties.tls["x-kubernetes-list-type"]).toBe("atomic");
    expect(schemas["io.k8s.api.networking.v1.HTTPIngressRuleValue"].properties.paths["x-kubernetes-list-type"]).toBe("atomic");
    expect(schemas["io.k8s.api.networking.v1.HTTPIngressPath"].required).toEqual(["pathType", "backend"]);
    expect(schemas["io.k8s.api.networking.v1.ServiceBackendPort"]["x-kubernetes-map-type"]).toBe("atomic");
    expect(schemas["io.k8s.api.networking.v1.IngressClass"]).toBeDefined();
    expect(doc.paths["/apis/networking.k8s.io/v1/namespaces/{namespace}/ingresses/{name}/status"]).toBeDefined();
    expect(doc.paths["/apis/networking.k8s.io/v1/ingressclasses/{name}"]).toBeDefined();
  });
});

describe("Ingress CRUD", () => {
  test("create, get, list, update", async () => {
    const created = await h.call("POST", INGS, { ...ingress("web"), status: { loadBalancer: { ingress: [{ ip: "192.0.2.1" }] } } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ apiVersion: "networking.k8s.io/v1", kind: "Ingress", metadata: { name: "web", namespace: "ing", generation: 1 } });
    expect(created.body.spec.rules[0].http.paths[0]).toEqual(path("/"));
    // create cannot set status
    expect(created.body.status?.loadBalancer?.ingress).toBeUndefined();

    const got = await h.call("GET", `${INGS}/web`);
    expect(got.status).toBe(200);
    expect(got.body.spec).toEqual(created.body.spec);
    expect((await h.call("GET", `${GV}/namespaces/nowhere/ingresses/web`)).status).toBe(404);

    const list = await h.call("GET", INGS);
    expect(list.body).toMatchObject({ apiVersion: "networking.k8s.io/v1", kind: "IngressList" });
    expect(list.body.items.map((i: any) => i.metadata.name)).toEqual(["web"]);
    expect((await h.call("GET", `${GV}/ingresses`)).body.items.map((i: any) => i.metadata.namespace)).toEqual(["ing"]);

    const body = got.body;
    body.spec.rules[0].http.paths.push(path("/api", { service: { name: "api", port: { name: "http" } } }, "Exact"));
    const updated = await h.call("PUT", `${INGS}/web`, body);
    expect(updated.status).toBe(200);
    expect(updated.body.spec.rules[0].http.paths).toHaveLength(2);
    expect(updated.body.metadata.generation).toBe(2);
  });

  test("a default backend alone, and a resource backend", async () => {
    const r = await h.call("POST", INGS, {
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: { name: "default-only" },
      spec: { defaultBackend: { resource: { apiGroup: "k8s.example.com", kind: "StorageBucket", name: "static" } } },
    });
    expect(r.status).toBe(201);
    expect(r.body.spec.defaultBackend.resource).toEqual({ apiGroup: "k8s.example.com", kind: "StorageBucket", name: "static" });
  });

  test("delete", async () => {
    expect((await h.call("POST", INGS, ingress("gone"))).status).toBe(201);
    expect((await h.call("DELETE", `${INGS}/gone`)).status).toBe(200);
    expect((await h.call("GET", `${INGS}/gone`)).status).toBe(404);
  });
});

describe("Ingress validation answers 422 with upstream's messages", () => {
  const P0 = "spec.rules[0].http.paths[0]";
  const invalid = async (name: string, spec: Record<string, unknown>) => {
    const r = await h.call("POST", INGS, ingress(name, spec));
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ kind: "Status", reason: "Invalid", details: { name, group: "networking.k8s.io", kind: "Ingress" } });
    return r.body;
  };
  const rulesWith = (p: unknown) => ({ rules: [{ host: "a.example.com", http: { paths: [p] } }] });

  test("a path without pathType", async () => {
    const body = await invalid("no-type", rulesWith(path("/", undefined, null)));
    expect(body.message).toBe(`Ingress.networking.k8s.io "no-type" is invalid: ${P0}.pathType: Required value: pathType must be specified`);
    expect(body.details.causes).toEqual([{ reason: "FieldValueRequired", message: "Required value: pathType must be specified", field: `${P0}.pathType` }]);
  });

  test("a relative Prefix path", async () => {
    const body = await invalid("relative", rulesWith(path("api")));
    expect(body.message).toBe(`Ingress.networking.k8s.io "relative" is invalid: ${P0}.path: Invalid value: "api": must be an absolute path`);
  });

  test("a backend port with both name and number", async () => {
    const body = await invalid("both-ports", rulesWith(path("/", { service: { name: "web", port: { name: "http", number: 80 } } })));
    expect(body.message).toBe(`Ingress.networking.k8s.io "both-ports" is invalid: ${P0}.backend: Invalid value: "": cannot set both port name & port number`);
  });

  test("several problems at once", async () => {
    const body = await invalid("many", { ingressClassName: "Bad", rules: [{ host: "10.0.0.1", http: { paths: [path("/a//b", { service: { name: "web", port: { number: 0 } } })] } }] });
    expect(body.details.causes.map((c: any) => c.field)).toEqual(["spec.rules[0].host", `${P0}.path`, `${P0}.backend`, "spec.ingressClassName"]);
  });

  test("neither rules nor a default backend", async () => {
    const r = await h.call("POST", INGS, { apiVersion: "networking.k8s.io/v1", kind: "Ingress", metadata: { name: "empty" }, spec: {} });
    expect(r.status).toBe(422);
    expect(r.body.message).toBe('Ingress.networking.k8s.io "empty" is invalid: spec: Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified');
  });

  test("an invalid update is refused and changes nothing", async () => {
    expect((await h.call("POST", INGS, ingress("upd"))).status).toBe(201);
    const body = (await h.call("GET", `${INGS}/upd`)).body;
    body.spec.rules[0].http.paths[0].pathType = "Regex";
    const r = await h.call("PUT", `${INGS}/upd`, body);
    expect(r.status).toBe(422);
    expect(r.body.message).toBe(`Ingress.networking.k8s.io "upd" is invalid: ${P0}.pathType: Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"`);
    expect((await h.call("GET", `${INGS}/upd`)).body.spec.rules[0].http.paths[0].pathType).toBe("Prefix");
  });
});

describe("status subresource and generation", () => {
  test("/status writes only status; the main resource ignores status; generation follows spec only", async () => {
    const created = (await h.call("POST", INGS, ingress("st"))).body;
    expect(created.metadata.generation).toBe(1);

    // a status write that also changes spec and labels: only status lands
    const withStatus = structuredClone(created);
    withStatus.status = { loadBalancer: { ingress: [{ ip: "192.0.2.10" }, { hostname: "lb.example.com" }] } };
    withStatus.spec.rules[0].host = "changed.example.com";
    const s = await h.call("PUT", `${INGS}/st/status`, withStatus);
    expect(s.status).toBe(200);
    expect(s.body.status.loadBalancer.ingress).toEqual([{ ip: "192.0.2.10" }, { hostname: "lb.example.com" }]);
    expect(s.body.spec.rules[0].host).toBe("st.example.com");
    expect(s.body.metadata.generation).toBe(1);

    // a main-resource write that drops status and changes only labels: status kept, generation kept
    const relabel = structuredClone(s.body);
    delete relabel.status;
    relabel.metadata.labels = { tier: "edge" };
    const m = await h.call("PUT", `${INGS}/st`, relabel);
    expect(m.status).toBe(200);
    expect(m.body.status.loadBalancer.ingress).toHaveLength(2);
    expect(m.body.metadata.generation).toBe(1);

    // a main-resource write that tries to change status: ignored
    const spoof = structuredClone(m.body);
    spoof.status = { loadBalancer: { ingress: [{ ip: "198.51.100.1" }] } };
    expect((await h.call("PUT", `${INGS}/st`, spoof)).body.status.loadBalancer.ingress[0].ip).toBe("192.0.2.10");

    // a spec change bumps generation
    const respec = (await h.call("GET", `${INGS}/st`)).body;
    respec.spec.tls = [{ hosts: ["st.example.com"], secretName: "st-tls" }];
    expect((await h.call("PUT", `${INGS}/st`, respec)).body.metadata.generation).toBe(2);

    // a merge patch of status through /status
    const p = await h.call("PATCH", `${INGS}/st/status`, { status: { loadBalancer: { ingress: [{ ip: "192.0.2.20" }] } } }, { "content-type": "application/merge-patch+json" });
    expect(p.status).toBe(200);
    expect(p.body.status.loadBalancer.ingress).toEqual([{ ip: "192.0.2.20" }]);
    expect(p.body.metadata.generation).toBe(2);
  });

  test("status validation: an ingress point ip must be an IP", async () => {
    const created = (await h.call("POST", INGS, ingress("st-bad"))).body;
    created.status = { loadBalancer: { ingress: [{ ip: "not-an-ip" }] } };
    const r = await h.call("PUT", `${INGS}/st-bad/status`, created);
    expect(r.status).toBe(422);
    expect(r.body.message).toBe(
      'Ingress.networking.k8s.io "st-bad" is invalid: status.loadBalancer.ingress[0].ip: Invalid value: "not-an-ip": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    );
  });
});

describe("server-side apply", () => {
  test("an applied manifest creates, and a re-apply replaces the atomic rules list", async () => {
    const manifest = ingress("applied", { rules: [{ host: "a.example.com", http: { paths: [path("/a"), path("/b")] } }] });
    const patch = (body: unknown) =>
      h.req(`${INGS}/applied?fieldManager=chart&force=true`, { method: "PATCH", headers: { "content-type": "application/apply-patch+yaml" }, body: JSON.stringify(body) });
    const first = await patch(manifest);
    expect(first.status).toBe(201);
    const second = await patch(ingress("applied", { rules: [{ host: "a.example.com", http: { paths: [path("/c")] } }] }));
    expect(second.status).toBe(200);
    const got = (await h.call("GET", `${INGS}/applied`)).body;
    expect(got.spec.rules[0].http.paths.map((p: any) => p.path)).toEqual(["/c"]);
    expect(got.metadata.generation).toBe(2);
  });
});

describe("IngressClass", () => {
  test("create (cluster-scoped, parameters default to Cluster scope), get, list", async () => {
    const r = await h.call("POST", CLASSES, ingressClass("nginx", { parameters: { apiGroup: "k8s.example.com", kind: "IngressParameters", name: "external-lb" } }));
    expect(r.status).toBe(201);
    expect(r.body.metadata).toMatchObject({ name: "nginx", generation: 1 });
    expect(r.body.metadata.namespace).toBeUndefined();
    expect(r.body.spec.parameters.scope).toBe("Cluster");
    expect((await h.call("GET", `${CLASSES}/nginx`)).body.spec.controller).toBe("k8s.io/ingress-nginx");
    expect((await h.call("GET", CLASSES)).body.items.map((i: any) => i.metadata.name)).toEqual(["nginx"]);
  });

  test("the controller is required and domain-prefixed", async () => {
    const missing = await h.call("POST", CLASSES, { apiVersion: "networking.k8s.io/v1", kind: "IngressClass", metadata: { name: "none" }, spec: {} });
    expect(missing.status).toBe(422);
    expect(missing.body.message).toBe('IngressClass.networking.k8s.io "none" is invalid: spec.controller: Required value');
    const bare = await h.call("POST", CLASSES, ingressClass("bare", { controller: "nginx" }));
    expect(bare.status).toBe(422);
    expect(bare.body.message).toBe('IngressClass.networking.k8s.io "bare" is invalid: spec.controller: Invalid value: "nginx": must be a domain-prefixed path (such as "acme.io/foo")');
  });

  test("the controller is immutable; other spec changes bump generation", async () => {
    expect((await h.call("POST", CLASSES, ingressClass("fixed"))).status).toBe(201);
    const body = (await h.call("GET", `${CLASSES}/fixed`)).body;
    const changed = structuredClone(body);
    changed.spec.controller = "example.com/other";
    const r = await h.call("PUT", `${CLASSES}/fixed`, changed);
    expect(r.status).toBe(422);
    expect(r.body.message).toBe('IngressClass.networking.k8s.io "fixed" is invalid: spec.controller: Invalid value: "example.com/other": field is immutable');
    const patched = await h.call("PATCH", `${CLASSES}/fixed`, { spec: { controller: "example.com/other" } }, { "content-type": "application/merge-patch+json" });
    expect(patched.status).toBe(422);

    body.spec.parameters = { kind: "ConfigMap", name: "cfg", scope: "Namespace", namespace: "ing" };
    const ok = await h.call("PUT", `${CLASSES}/fixed`, body);
    expect(ok.status).toBe(200);
    expect(ok.body.metadata.generation).toBe(2);
  });
});

describe("Table output", () => {
  test("ingresses: NAME, CLASS, HOSTS, ADDRESS, PORTS, AGE", async () => {
    const ns = "/apis/networking.k8s.io/v1/namespaces/tbl/ingresses";
    await h.call("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "tbl" } });
    const many = {
      tls: [{ hosts: ["a.example.com"], secretName: "tls" }],
      rules: ["a", "b", "c", "d", "e"].map((x) => ({ host: `${x}.example.com`, http: { paths: [path("/")] } })),
    };
    expect((await h.call("POST", ns, ingress("many", many))).status).toBe(201);
    const plain = ingress("plain", { rules: [{ http: { paths: [path("/")] } }] });
    delete (plain["spec"] as Record<string, unknown>)["ingressClassName"];
    const created = (await h.call("POST", ns, plain)).body;
    created.status = { loadBalancer: { ingress: [{ ip: "192.0.2.9" }, { hostname: "lb.example.com" }, { ip: "192.0.2.10" }] } };
    expect((await h.call("PUT", `${ns}/plain/status`, created)).status).toBe(200);

    const r = await h.call("GET", ns, undefined, TABLE);
    expect(r.status).toBe(200);
    expect(r.body.kind).toBe("Table");
    expect(r.body.columnDefinitions.map((c: any) => c.name)).toEqual(["Name", "Class", "Hosts", "Address", "Ports", "Age"]);
    const rows = Object.fromEntries(r.body.rows.map((row: any) => [row.cells[0], row.cells.slice(1, 5)]));
    expect(rows).toEqual({
      many: ["nginx", "a.example.com,b.example.com,c.example.com + 2 more...", "", "80, 443"],
      plain: ["<none>", "*", "192.0.2.10,192.0.2.9,lb.example.com", "80"],
    });
    const one = await h.call("GET", `${ns}/plain`, undefined, TABLE);
    expect(one.body.rows).toHaveLength(1);
  });

  test("ingressclasses: NAME, CONTROLLER, PARAMETERS, AGE", async () => {
    await h.call("POST", CLASSES, ingressClass("plain-class"));
    await h.call("POST", CLASSES, ingressClass("core-params", { parameters: { kind: "ConfigMap", name: "cfg", scope: "Namespace", namespace: "ing" } }));
    const r = await h.call("GET", CLASSES, undefined, TABLE);
    expect(r.body.columnDefinitions.map((c: any) => c.name)).toEqual(["Name", "Controller", "Parameters", "Age"]);
    const rows = Object.fromEntries(r.body.rows.map((row: any) => [row.cells[0], row.cells.slice(1, 3)]));
    expect(rows["nginx"]).toEqual(["k8s.io/ingress-nginx", "IngressParameters.k8s.example.com/external-lb"]);
    expect(rows["plain-class"]).toEqual(["k8s.io/ingress-nginx", "<none>"]);
    expect(rows["core-params"]).toEqual(["k8s.io/ingress-nginx", "ConfigMap/cfg"]);
  });
});
