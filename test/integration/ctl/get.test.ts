import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { configMap, deployment, pod } from "../apiserver/harness.ts";
import { create, rows, startCtlHarness, type CtlHarness } from "./harness.ts";

let h: CtlHarness;
beforeAll(async () => {
  h = await startCtlHarness();
  for (const ns of ["ctl-get", "ctl-other", "ctl-empty"]) await create(h, "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
  await create(h, "/api/v1/namespaces/ctl-get/configmaps", configMap("web-config", { a: "1", b: "2" }, { app: "web", tier: "fe" }));
  await create(h, "/api/v1/namespaces/ctl-get/configmaps", configMap("db-config", { url: "postgres://db" }, { app: "db" }));
  await create(h, "/api/v1/namespaces/ctl-other/configmaps", configMap("other-config", {}, { app: "web" }));
  await create(h, "/api/v1/namespaces/ctl-get/pods", { ...pod("web-1"), metadata: { name: "web-1", labels: { app: "web" } } });
  await create(h, "/apis/apps/v1/namespaces/ctl-get/deployments", deployment("web", 3));
});
afterAll(() => h.stop());

describe("get as a table", () => {
  test("prints the server's columns aligned as kubectl", async () => {
    const r = await h.ctl(["get", "configmaps", "-n", "ctl-get"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^NAME {9}DATA {3}AGE$/);
    expect(rows(r.stdout).slice(1)).toEqual([
      ["db-config", "1", expect.stringMatching(/^\d+s$/)],
      ["web-config", "2", expect.stringMatching(/^\d+s$/)],
    ]);
  });

  test("short names, kinds and TYPE.group all resolve", async () => {
    for (const type of ["cm", "configmap", "ConfigMap", "configmaps", "configmaps.v1."]) {
      const r = await h.ctl(["get", type, "-n", "ctl-get", "--no-headers"]);
      expect({ type, code: r.code, names: rows(r.stdout).map((c) => c[0]) }).toEqual({ type, code: 0, names: ["db-config", "web-config"] });
    }
    const d = await h.ctl(["get", "deploy.apps", "-n", "ctl-get"]);
    expect(rows(d.stdout)[0]).toEqual(["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"]);
    expect(rows(d.stdout)[1]!.slice(0, 2)).toEqual(["web", "0/3"]);
  });

  test("-o wide adds the priority columns", async () => {
    const r = await h.ctl(["get", "pods", "-n", "ctl-get", "-o", "wide"]);
    expect(rows(r.stdout)[0]).toEqual(["NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE", "NOMINATED NODE", "READINESS GATES"]);
    expect(rows(r.stdout)[1]!.slice(0, 3)).toEqual(["web-1", "0/1", "Pending"]);
  });

  test("an empty namespace says so on stderr", async () => {
    const r = await h.ctl(["get", "pods", "-n", "ctl-empty"]);
    expect(r).toEqual({ code: 0, stdout: "", stderr: "No resources found in ctl-empty namespace.\n" });
    const all = await h.ctl(["get", "secrets", "-A"]);
    expect(all.stderr).toBe("No resources found\n");
  });

  test("-A adds the NAMESPACE column", async () => {
    const r = await h.ctl(["get", "cm", "-A", "-l", "app=web"]);
    expect(r.code).toBe(0);
    const t = rows(r.stdout);
    expect(t[0]).toEqual(["NAMESPACE", "NAME", "DATA", "AGE"]);
    expect(t.slice(1).map((c) => `${c[0]}/${c[1]}`)).toEqual(["ctl-get/web-config", "ctl-other/other-config"]);
  });

  test("-l and --field-selector filter on the server", async () => {
    const l = await h.ctl(["get", "cm", "-n", "ctl-get", "-l", "tier=fe", "--no-headers"]);
    expect(rows(l.stdout).map((c) => c[0])).toEqual(["web-config"]);
    const f = await h.ctl(["get", "cm", "-n", "ctl-get", "--field-selector", "metadata.name=db-config", "--no-headers"]);
    expect(rows(f.stdout).map((c) => c[0])).toEqual(["db-config"]);
  });

  test("several types print one table each with kind prefixes", async () => {
    const r = await h.ctl(["get", "deploy,cm", "-n", "ctl-get"]);
    const blocks = r.stdout.split("\n\n");
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toMatch(/^NAME {18}READY/);
    expect(blocks[0]).toContain("deployment.apps/web ");
    expect(blocks[1]).toContain("configmap/db-config ");
  });

  test("--show-labels and -L add label columns", async () => {
    const r = await h.ctl(["get", "cm", "web-config", "-n", "ctl-get", "--show-labels", "-L", "tier"]);
    expect(rows(r.stdout)).toEqual([
      ["NAME", "DATA", "AGE", "TIER", "LABELS"],
      ["web-config", "2", expect.any(String), "fe", "app=web,tier=fe"],
    ]);
  });

  test("named objects that exist print, missing ones are errors after the output", async () => {
    const r = await h.ctl(["get", "cm", "web-config", "nope", "-n", "ctl-get", "--no-headers"]);
    expect(r.code).toBe(1);
    expect(rows(r.stdout).map((c) => c[0])).toEqual(["web-config"]);
    expect(r.stderr).toBe('Error from server (NotFound): configmaps "nope" not found\n');
    const ignored = await h.ctl(["get", "cm", "nope", "-n", "ctl-get", "--ignore-not-found"]);
    expect(ignored).toEqual({ code: 0, stdout: "", stderr: "" });
  });
});

describe("get -o", () => {
  test("yaml of one object: sorted keys, no managedFields, quoted strings as kubectl", async () => {
    await create(h, "/api/v1/namespaces/ctl-get/configmaps", configMap("quoting", { num: "123", bool: "true", star: "*", colon: "a: b", multi: "l1\nl2\n", empty: "" }));
    const r = await h.ctl(["get", "cm", "quoting", "-n", "ctl-get", "-o", "yaml"]);
    expect(r.code).toBe(0);
    const [head, meta] = r.stdout.split("metadata:\n");
    expect(head).toBe(["apiVersion: v1", "data:", '  bool: "true"', "  colon: 'a: b'", '  empty: ""', "  multi: |", "    l1", "    l2", '  num: "123"', "  star: '*'", "kind: ConfigMap", ""].join("\n"));
    expect(meta).toMatch(/^ {2}creationTimestamp: "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"\n {2}name: quoting\n {2}namespace: ctl-get\n {2}resourceVersion: "\d+"\n {2}uid: [0-9a-f-]{36}\n$/);
    expect(r.stdout).not.toContain("managedFields");
    const withMf = await h.ctl(["get", "cm", "quoting", "-n", "ctl-get", "-o", "yaml", "--show-managed-fields"]);
    expect(withMf.stdout).toContain("managedFields:\n  - apiVersion: v1\n");
  });

  test("json of a list is a List with four-space indentation", async () => {
    const r = await h.ctl(["get", "cm", "-n", "ctl-get", "-l", "app", "-o", "json"]);
    const parsed = JSON.parse(r.stdout);
    expect(parsed.kind).toBe("List");
    expect(parsed.metadata).toEqual({ resourceVersion: "" });
    expect(parsed.items.map((i: any) => i.metadata.name)).toEqual(["db-config", "web-config"]);
    expect(r.stdout).toStartWith('{\n    "apiVersion": "v1",\n    "items": [\n        {\n            "apiVersion": "v1",\n            "data": {');
  });

  test("an empty list in yaml is still a List", async () => {
    const r = await h.ctl(["get", "pods", "-n", "ctl-empty", "-o", "yaml"]);
    expect(r).toEqual({ code: 0, stdout: 'apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n', stderr: "" });
  });

  test("name prints kind/name", async () => {
    const r = await h.ctl(["get", "deploy,cm,pods", "-n", "ctl-get", "-l", "app=web", "-o", "name"]);
    expect(r.stdout).toBe("deployment.apps/web\nconfigmap/web-config\npod/web-1\n");
    const slash = await h.ctl(["get", "deploy/web", "pod/web-1", "-n", "ctl-get", "-o", "name"]);
    expect(slash.stdout).toBe("deployment.apps/web\npod/web-1\n");
  });

  test("jsonpath and custom-columns", async () => {
    const jp = await h.ctl(["get", "cm", "-n", "ctl-get", "-l", "app", "-o", "jsonpath={range .items[*]}{.metadata.name}={.metadata.labels.app}{\"\\n\"}{end}"]);
    expect(jp.stdout).toBe("db-config=db\nweb-config=web\n");
    const one = await h.ctl(["get", "deploy", "web", "-n", "ctl-get", "-o=jsonpath={.spec.replicas}"]);
    expect(one.stdout).toBe("3");
    const cc = await h.ctl(["get", "cm", "-n", "ctl-get", "-l", "app", "-o", "custom-columns=NAME:.metadata.name,TIER:.metadata.labels.tier"]);
    expect(cc.stdout).toBe("NAME         TIER\ndb-config    <none>\nweb-config   fe\n");
  });

  test("--sort-by orders table rows and listed objects", async () => {
    await create(h, "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "ctl-sort" } });
    await create(h, "/api/v1/namespaces/ctl-sort/configmaps", configMap("aaa", {}, { rank: "2" }));
    await create(h, "/api/v1/namespaces/ctl-sort/configmaps", configMap("mmm", {}, {}));
    await create(h, "/api/v1/namespaces/ctl-sort/configmaps", configMap("zzz", {}, { rank: "1" }));
    const table = await h.ctl(["get", "cm", "-n", "ctl-sort", "--sort-by", "{.metadata.labels.rank}", "--no-headers"]);
    // missing values first, then by value
    expect(rows(table.stdout).map((c) => c[0])).toEqual(["mmm", "zzz", "aaa"]);
    const names = await h.ctl(["get", "cm", "-n", "ctl-sort", "--sort-by=metadata.labels.rank", "-o", "name"]);
    expect(names.stdout).toBe("configmap/mmm\nconfigmap/zzz\nconfigmap/aaa\n");
  });

  test("an unknown format is a usage error", async () => {
    const r = await h.ctl(["get", "pods", "-o", "xml"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toStartWith('error: unable to match a printer suitable for the output format "xml"');
  });
});

describe("get errors", () => {
  test("an unknown type is kubectl's message, exit 1", async () => {
    const r = await h.ctl(["get", "pdos"]);
    expect(r).toEqual({ code: 1, stdout: "", stderr: 'error: the server doesn\'t have a resource type "pdos"\n' });
  });

  test("a missing object is the server's Status, exit 1", async () => {
    const r = await h.ctl(["get", "pod", "nope", "-n", "ctl-get"]);
    expect(r).toEqual({ code: 1, stdout: "", stderr: 'Error from server (NotFound): pods "nope" not found\n' });
    const grouped = await h.ctl(["get", "deploy", "nope", "-n", "ctl-get"]);
    expect(grouped.stderr).toBe('Error from server (NotFound): deployments.apps "nope" not found\n');
  });

  test("a bad selector is reported as kubectl words it", async () => {
    const r = await h.ctl(["get", "pods", "-l", "app in (web"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toStartWith('Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "app in (web", field selector "": ');
  });

  test("usage errors are one line with exit 2", async () => {
    for (const [args, msg] of [
      [["get"], "error: Required resource not specified.\n"],
      [["get", "pods", "--bogus"], "error: unknown flag: --bogus\n"],
      [["get", "pods", "pod/x"], "error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubun ctl get resource/<resource_name>' instead of 'kubun ctl get resource resource/<resource_name>'\n"],
      [["frob"], 'error: unknown command "frob" for "kubun ctl"\nRun \'kubun ctl --help\' for usage.\n'],
    ] as const) {
      const r = await h.ctl([...args]);
      expect({ args, code: r.code, stderr: r.stderr }).toEqual({ args, code: 1, stderr: msg });
    }
  });

  test("a server that is not there is kubectl's connection message", async () => {
    const cfg = h.file("dead.kubeconfig", `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://127.0.0.1:1\n    insecure-skip-tls-verify: true\ncontexts:\n- name: c\n  context:\n    cluster: c\n    user: u\nusers:\n- name: u\n  user:\n    token: x\ncurrent-context: c\n`);
    const r = await h.ctl(["get", "pods"], { kubeconfig: cfg });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?\n");
  });
});

describe("get -w", () => {
  test("prints the table, then a row per change, until interrupted", async () => {
    const ac = new AbortController();
    const run = h.ctl(["get", "cm", "-n", "ctl-other", "-w"], { signal: ac.signal });
    await Bun.sleep(300);
    await create(h, "/api/v1/namespaces/ctl-other/configmaps", configMap("watched", { k: "v" }));
    await Bun.sleep(500);
    ac.abort();
    const r = await run;
    expect(r.code).toBe(0);
    expect(rows(r.stdout).map((c) => c.slice(0, 2))).toEqual([
      ["NAME", "DATA"],
      ["other-config", "0"],
      ["watched", "1"],
    ]);
  });

  test("-o name with --watch-only prints only changes", async () => {
    const ac = new AbortController();
    const run = h.ctl(["get", "cm", "-n", "ctl-other", "--watch-only", "-o", "name"], { signal: ac.signal });
    await Bun.sleep(300);
    await create(h, "/api/v1/namespaces/ctl-other/configmaps", configMap("watched-2"));
    await Bun.sleep(500);
    ac.abort();
    const r = await run;
    expect(r).toEqual({ code: 0, stdout: "configmap/watched-2\n", stderr: "" });
  });
});
