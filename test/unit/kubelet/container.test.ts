import { describe, expect, test } from "bun:test";
import type { Pod } from "../../../src/kubelet/api/types.ts";
import { containerArgv, containerUser, containerWorkingDir, NoCommandError } from "../../../src/kubelet/container/command.ts";
import { expand } from "../../../src/kubelet/container/expand.ts";
import { fieldRefValue, resourceFieldValue } from "../../../src/kubelet/container/fieldref.ts";
import { etcHosts, resolvConf } from "../../../src/kubelet/pod/dns.ts";

describe("expand ($(VAR) as upstream)", () => {
  const env = new Map([
    ["A", "1"],
    ["B", "two"],
  ]);
  const cases: Array<[string, string]> = [
    ["$(A)", "1"],
    ["x$(A)y$(B)z", "x1ytwoz"],
    ["$(MISSING)", "$(MISSING)"],
    ["$$(A)", "$(A)"],
    ["$$", "$"],
    ["$A", "$A"],
    ["$(A", "$(A"],
    ["end$", "end$"],
  ];
  for (const [i, want] of cases) test(`${i} -> ${want}`, () => expect(expand(i, (n) => env.get(n))).toBe(want));
});

describe("containerArgv (command/args over ENTRYPOINT/CMD)", () => {
  const image = { Entrypoint: ["/entry"], Cmd: ["--default"] };
  const env = new Map([["PORT", "8080"]]);
  const cases: Array<[string, { command?: string[]; args?: string[] }, string[]]> = [
    ["image defaults", {}, ["/entry", "--default"]],
    ["args replace CMD", { args: ["--port=$(PORT)"] }, ["/entry", "--port=8080"]],
    ["command drops ENTRYPOINT and CMD", { command: ["sh"] }, ["sh"]],
    ["command and args", { command: ["sh", "-c"], args: ["echo $(PORT)"] }, ["sh", "-c", "echo 8080"]],
  ];
  for (const [name, c, want] of cases) test(name, () => expect(containerArgv({ name: "c", ...c }, image, env)).toEqual(want));
  test("nothing to run", () => expect(() => containerArgv({ name: "c" }, {}, env)).toThrow(NoCommandError));
  test("working dir and user", () => {
    expect(containerWorkingDir({ name: "c" }, { WorkingDir: "/app" })).toBe("/app");
    expect(containerWorkingDir({ name: "c", workingDir: "/w" }, { WorkingDir: "/app" })).toBe("/w");
    expect(containerUser({ name: "c" }, undefined, { User: "1000:2000" })).toEqual({ uid: 1000, gid: 2000 });
    expect(containerUser({ name: "c", securityContext: { runAsUser: 5 } }, { runAsGroup: 6 }, { User: "1000" })).toEqual({ uid: 5, gid: 6 });
    expect(containerUser({ name: "c" }, undefined, {})).toEqual({});
  });
});

const pod: Pod = {
  metadata: { name: "web-1", namespace: "shop", uid: "u-1", labels: { app: "web", tier: "front" }, annotations: { note: 'say "hi"' } },
  spec: { nodeName: "n1", serviceAccountName: "sa", containers: [{ name: "app", resources: { requests: { cpu: "250m", memory: "64Mi" }, limits: { memory: "128Mi" } } }] },
};
const info = { nodeName: "n1", podIP: "10.42.0.5", hostIP: "192.0.2.1", allocatable: { cpu: "2", memory: "8Gi" } };

describe("downward API values", () => {
  const fields: Array<[string, string]> = [
    ["metadata.name", "web-1"],
    ["metadata.namespace", "shop"],
    ["metadata.uid", "u-1"],
    ["metadata.labels['app']", "web"],
    ["spec.nodeName", "n1"],
    ["spec.serviceAccountName", "sa"],
    ["status.podIP", "10.42.0.5"],
    ["status.hostIP", "192.0.2.1"],
  ];
  for (const [f, want] of fields) test(f, () => expect(fieldRefValue({ fieldPath: f }, pod, info)).toBe(want));
  test("label and annotation files", () => {
    expect(fieldRefValue({ fieldPath: "metadata.labels" }, pod, info, true)).toBe('app="web"\ntier="front"');
    expect(fieldRefValue({ fieldPath: "metadata.annotations" }, pod, info, true)).toBe('note="say \\"hi\\""');
  });
  const c = pod.spec.containers[0]!;
  const res: Array<[string, string | undefined, string]> = [
    ["requests.cpu", undefined, "1"],
    ["requests.cpu", "1m", "250"],
    ["limits.memory", "1Mi", "128"],
    ["requests.memory", undefined, String(64 * 1024 * 1024)],
    ["limits.cpu", undefined, "2"],
  ];
  for (const [r, div, want] of res) test(`${r} / ${div ?? 1}`, () => expect(resourceFieldValue({ resource: r, ...(div ? { divisor: div } : {}) }, pod, c, info)).toBe(want));
});

describe("DNS files", () => {
  const dns = { clusterDNS: ["10.43.0.10"], clusterDomain: "cluster.local", hostResolvConf: "/nonexistent" };
  test("ClusterFirst", () => {
    expect(resolvConf(pod, dns)).toEqual({ text: "search shop.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.43.0.10\noptions ndots:5\n" });
  });
  test("no cluster DNS falls back to Default with a warning", () => {
    const r = resolvConf(pod, { ...dns, clusterDNS: [] });
    expect(r.text).toBe("");
    expect(r.warning).toContain('Falling back to "Default" policy');
  });
  test("None with dnsConfig", () => {
    const p = { ...pod, spec: { ...pod.spec, dnsPolicy: "None", dnsConfig: { nameservers: ["1.1.1.1"], searches: ["a.b"], options: [{ name: "ndots", value: "2" }, { name: "edns0" }] } } };
    expect(resolvConf(p, dns).text).toBe("search a.b\nnameserver 1.1.1.1\noptions ndots:2 edns0\n");
  });
  test("hosts file with subdomain and aliases", () => {
    const p = { ...pod, spec: { ...pod.spec, subdomain: "db", hostAliases: [{ ip: "10.0.0.9", hostnames: ["x", "y"] }] } };
    const h = etcHosts(p, "10.42.0.5", dns);
    expect(h).toStartWith("# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n");
    expect(h).toContain("10.42.0.5\tweb-1.db.shop.svc.cluster.local\tweb-1\n");
    expect(h).toEndWith("# Entries added by HostAliases.\n10.0.0.9\tx\ty\n");
  });
});
