/** The pieces that make output look like kubectl's: YAML quoting, JSONPath, the tab writer, argument parsing. */
import { describe, expect, test } from "bun:test";
import { parseCtlArgs, type CtlFlag } from "../../../src/cli/ctl/args.ts";
import { JsonPath } from "../../../src/cli/ctl/print/jsonpath.ts";
import { toJson } from "../../../src/cli/ctl/print/json.ts";
import { tabwrite } from "../../../src/cli/ctl/print/tabwriter.ts";
import { toYaml } from "../../../src/cli/ctl/print/yaml.ts";
import { smartLabel } from "../../../src/cli/ctl/describe/generic.ts";
import { TypeResolver } from "../../../src/cli/ctl/resources.ts";
import type { ResourceInfo } from "../../../src/api/resources.ts";

describe("yaml scalars as go-yaml writes them", () => {
  const cases: [unknown, string][] = [
    ["plain", "plain"],
    ["123", '"123"'],
    ["1.5", '"1.5"'],
    ["0x1F", '"0x1F"'],
    ["true", '"true"'],
    ["no", '"no"'],
    ["y", '"y"'],
    ["null", '"null"'],
    ["~", '"~"'],
    ["", '""'],
    ["2026-11-27T09:11:37Z", '"2026-11-27T09:11:37Z"'],
    ["*", "'*'"],
    ["a: b", "'a: b'"],
    ["it's", "it's"],
    ["'quoted'", "'''quoted'''"],
    [" lead", "' lead'"],
    ["trail ", "'trail '"],
    ["a #b", "'a #b'"],
    ["a#b", "a#b"],
    ["-x", "-x"],
    ["- x", "'- x'"],
    ["a,b", "a,b"],
    ["{json}", "'{json}'"],
    ["tab\there", '"tab\\there"'],
    [42, "42"],
    [0.25, "0.25"],
    [false, "false"],
    [null, "null"],
    [[], "[]"],
    [{}, "{}"],
  ];
  for (const [value, want] of cases) {
    test(JSON.stringify(value), () => expect(toYaml({ k: value })).toBe(`k: ${want}\n`));
  }

  test("multi-line strings are literal blocks with kubectl's chomping", () => {
    expect(toYaml({ a: "l1\nl2\n", b: "l1\nl2", c: "x\n\n" })).toBe("a: |\n  l1\n  l2\nb: |-\n  l1\n  l2\nc: |+\n  x\n\n");
    expect(toYaml({ a: " indented\nnext" })).toBe("a: |2-\n   indented\n  next\n");
    expect(toYaml({ a: "trailing \nspace" })).toBe('a: "trailing \\nspace"\n');
  });

  test("maps sorted, sequences not indented under their key", () => {
    expect(toYaml({ z: 1, a: { c: [1, { y: 2, x: [3] }], b: [[4, 5]] } })).toBe("a:\n  b:\n  - - 4\n    - 5\n  c:\n  - 1\n  - x:\n    - 3\n    \"y\": 2\nz: 1\n");
  });
});

describe("json as kubectl writes it", () => {
  test("sorted keys, four spaces, HTML characters escaped", () => {
    expect(toJson({ b: "<a&b>", a: [], c: {} })).toBe('{\n    "a": [],\n    "b": "\\u003ca\\u0026b\\u003e",\n    "c": {}\n}\n');
  });
});

describe("jsonpath", () => {
  const data = {
    kind: "List",
    items: [
      { metadata: { name: "a", labels: { "app.kubernetes.io/name": "x" } }, status: { phase: "Running", n: 3 } },
      { metadata: { name: "b" }, status: { phase: "Pending", n: 1 } },
    ],
  };
  const cases: [string, string][] = [
    ["{.kind}", "List"],
    ["{.items[*].metadata.name}", "a b"],
    ['{range .items[*]}{.metadata.name}{"\\t"}{.status.phase}{"\\n"}{end}', "a\tRunning\nb\tPending\n"],
    ["{.items[0].status}", '{"n":3,"phase":"Running"}'],
    ["{.items[-1].metadata.name}", "b"],
    ["{.items[0:1].metadata.name}", "a"],
    ['{.items[?(@.status.phase=="Pending")].metadata.name}', "b"],
    ["{.items[?(@.status.n>2)].metadata.name}", "a"],
    ["{.items[?(@.metadata.labels)].metadata.name}", "a"],
    ["{.items[0].metadata.labels.app\\.kubernetes\\.io/name}", "x"],
    ["{.items[0].metadata.labels['app.kubernetes.io/name']}", "x"],
    ["{..phase}", "Running Pending"],
    ["{.items[*]['metadata.name']}", ""],
    ["name={.items[1].metadata.name} missing={.nope.nope}", "name=b missing="],
    ["{$.kind}", "List"],
    ["{.items[*].metadata.name,.kind}", "a b List"],
  ];
  for (const [tmpl, want] of cases) test(tmpl, () => expect(new JsonPath(tmpl).execute(data)).toBe(want));

  test("malformed templates are usage errors", () => {
    expect(() => new JsonPath("{.items")).toThrow("unclosed action");
    expect(() => new JsonPath("{range .items[*]}{.x}")).toThrow("unclosed range");
    expect(() => new JsonPath("{.items[x]}")).toThrow("invalid array index");
  });
});

describe("tabwriter (Go text/tabwriter semantics)", () => {
  test("columns are set per block of lines sharing a cell", () => {
    const text = "Name:\tweb\nIP:\t\nContainers:\n  app:\n    Image:\tnginx\n    Mounts:\t<none>\nVolumes:\t<none>\n";
    expect(tabwrite(text, 2)).toBe("Name:  web\nIP:    \nContainers:\n  app:\n    Image:   nginx\n    Mounts:  <none>\nVolumes:     <none>\n");
  });

  test("table padding 3 with a minimum width of 6", () => {
    expect(tabwrite("a\tbb\tc\nxxxxxxxxx\ty\tz\n", 3, 6)).toBe("a           bb    c\nxxxxxxxxx   y     z\n");
  });
});

describe("argument parsing (kubectl conventions)", () => {
  const specs: CtlFlag[] = [
    { name: "namespace", short: "n", type: "string", help: "" },
    { name: "output", short: "o", type: "string", help: "" },
    { name: "stdin", short: "i", type: "boolean", help: "" },
    { name: "tty", short: "t", type: "boolean", help: "" },
    { name: "filename", short: "f", type: "strings", help: "" },
    { name: "tail", type: "number", help: "" },
  ];
  const cases: [string[], Record<string, unknown>, string[], number][] = [
    [["get", "pods", "-n", "x"], { namespace: "x" }, ["get", "pods"], -1],
    [["-nkube-system", "get"], { namespace: "kube-system" }, ["get"], -1],
    [["-oyaml", "-n=x"], { output: "yaml", namespace: "x" }, [], -1],
    [["--output=jsonpath={.a}"], { output: "jsonpath={.a}" }, [], -1],
    [["-it", "pod", "--", "sh", "-c", "ls -l"], { stdin: true, tty: true }, ["pod", "sh", "-c", "ls -l"], 1],
    [["-f", "a.yaml", "--filename", "b.yaml", "-"], { filename: ["a.yaml", "b.yaml"] }, ["-"], -1],
    [["--tail=10", "--stdin=false"], { tail: 10, stdin: false }, [], -1],
  ];
  for (const [argv, flags, positional, dashAt] of cases) {
    test(argv.join(" "), () => {
      const a = parseCtlArgs(argv, specs);
      expect(Object.fromEntries(a.flags) as Record<string, unknown>).toEqual(flags);
      expect(a.positional).toEqual(positional);
      expect(a.dashAt).toBe(dashAt);
    });
  }

  test("bad flags are one-line usage errors", () => {
    expect(() => parseCtlArgs(["--outptu", "yaml"], specs)).toThrow("unknown flag: --outptu (did you mean --output?)");
    expect(() => parseCtlArgs(["-x"], specs)).toThrow("unknown shorthand flag: 'x' in -x");
    expect(() => parseCtlArgs(["-n"], specs)).toThrow("flag needs an argument");
    expect(() => parseCtlArgs(["--tail=ten"], specs)).toThrow('invalid argument "ten" for "--tail" flag');
  });
});

describe("resource names", () => {
  const widget: ResourceInfo = { group: "example.com", version: "v1", kind: "Widget", listKind: "WidgetList", plural: "widgets", singular: "widget", namespaced: true, verbs: ["get", "list"], shortNames: ["wd"], categories: ["all"] };
  const widgetV0: ResourceInfo = { ...widget, version: "v0" };
  let asked = 0;
  const types = new TypeResolver(async () => {
    asked++;
    return [widget, widgetV0];
  });
  const resolveType = (t: string) => types.resolveType(t);
  const cases: [string, string][] = [
    ["po", "pods"],
    ["Pod", "pods"],
    ["pods", "pods"],
    ["deploy", "deployments"],
    ["deployment.apps", "deployments"],
    ["deployments.v1.apps", "deployments"],
    ["svc", "services"],
    ["ns", "namespaces"],
    ["events", "events"],
    ["events.events.k8s.io", "events"],
    ["pdb", "poddisruptionbudgets"],
  ];
  for (const [name, plural] of cases) test(name, async () => expect((await resolveType(name)).plural).toBe(plural));

  test("built-in names never ask the server", () => {
    expect(asked).toBe(0);
  });

  test("core events win over events.k8s.io, as kubectl's RESTMapper", async () => {
    expect((await resolveType("ev")).group).toBe("");
    expect((await resolveType("events.events.k8s.io")).group).toBe("events.k8s.io");
  });

  test("other names come from the server's discovery, asked once, preferred version first", async () => {
    for (const name of ["widgets", "widget", "Widget", "wd", "widgets.example.com"]) expect(await resolveType(name)).toBe(widget);
    expect(await resolveType("widgets.v0.example.com")).toBe(widgetV0);
    expect(await types.forKind("example.com/v0", "Widget")).toBe(widgetV0);
    expect(await types.forKind("example.com/v2", "Widget")).toBeUndefined();
    await expect(resolveType("gadgets")).rejects.toThrow('the server doesn\'t have a resource type "gadgets"');
    expect(asked).toBe(1);
  });

  test("all expands to the all category, custom resources included", async () => {
    expect((await types.resolveTypes("all")).map((r) => r.plural)).toEqual(["pods", "services", "replicationcontrollers", "deployments", "replicasets", "statefulsets", "daemonsets", "horizontalpodautoscalers", "jobs", "cronjobs", "widgets"]);
  });

  test("describe's smart labels", () => {
    expect(["apiVersion", "resourceVersion", "uid", "holderIdentity", "podIPs", "ipv4"].map(smartLabel)).toEqual(["API Version", "Resource Version", "UID", "Holder Identity", "Pod I Ps", "ipv4"]);
  });
});
