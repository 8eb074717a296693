import { describe, expect, test } from "bun:test";
import type { KubeObject } from "../../../../src/api/meta/types.ts";
import { toTable } from "../../../../src/apiserver/table/index.ts";
import { formatIngressHosts } from "../../../../src/apiserver/table/printers/networking.ts";

/** networking.k8s.io printers: upstream's printIngress (formatHosts, formatPorts, the address stringer) and printIngressClass. */

const NOW = new Date("2025-01-01T12:00:00Z");
const meta = (name: string) => ({ name, creationTimestamp: new Date(NOW.getTime() - 3600_000).toISOString() });
const cells = (kind: string, obj: unknown) => toTable({ group: "networking.k8s.io", kind }, [obj as KubeObject], { now: NOW }).rows[0]!.cells;
const hosts = (...names: (string | undefined)[]) => names.map((host) => (host === undefined ? {} : { host }));

describe("formatHosts", () => {
  test.each([
    ["no rules", [], "*"],
    ["only hostless rules", hosts(undefined, undefined), "*"],
    ["hostless rules are skipped", hosts("a", undefined, "b"), "a,b"],
    ["exactly three", hosts("a", "b", "c"), "a,b,c"],
    ["four: one more", hosts("a", "b", "c", "d"), "a,b,c + 1 more..."],
    // upstream counts every rule past the third, hostless ones too
    ["hostless rules count toward more", hosts("a", "b", "c", undefined, undefined), "a,b,c + 2 more..."],
    ["a hostless rule early leaves room", hosts(undefined, "a", "b", "c"), "a,b,c"],
  ] as const)("%s", (_name, rules, want) => expect(formatIngressHosts(rules as never)).toBe(want));
});

describe("ingress row", () => {
  test("class, hosts, address, ports, age", () => {
    const ing = {
      metadata: meta("web"),
      spec: { ingressClassName: "nginx", tls: [{ secretName: "t" }], rules: hosts("a.example.com") },
      status: { loadBalancer: { ingress: [{ ip: "10.0.0.2" }, { hostname: "lb.example.com", ip: "10.0.0.1" }, { hostname: "lb.example.com" }, { ip: "10.0.0.2" }] } },
    };
    expect(cells("Ingress", ing)).toEqual(["web", "nginx", "a.example.com", "10.0.0.1,10.0.0.2,lb.example.com", "80, 443", "60m"]);
  });
  test("no class, no rules, no status", () => {
    expect(cells("Ingress", { metadata: meta("bare"), spec: { defaultBackend: { service: { name: "s", port: { number: 80 } } } } })).toEqual(["bare", "<none>", "*", "", "80", "60m"]);
  });
});

describe("ingressclass row", () => {
  test.each([
    ["no parameters", undefined, "<none>"],
    ["core kind", { kind: "ConfigMap", name: "cfg" }, "ConfigMap/cfg"],
    ["grouped kind", { apiGroup: "k8s.example.com", kind: "Params", name: "p" }, "Params.k8s.example.com/p"],
    ["empty group is still printed", { apiGroup: "", kind: "Params", name: "p" }, "Params./p"],
  ] as const)("%s", (_name, parameters, want) => {
    const ic = { metadata: meta("c"), spec: { controller: "example.com/ctl", ...(parameters ? { parameters } : {}) } };
    expect(cells("IngressClass", ic)).toEqual(["c", "example.com/ctl", want, "60m"]);
  });
});
