import { describe, expect, test } from "bun:test";
import type { Container, Pod, Service, ServicePort } from "../../../src/kubelet/api/types.ts";
import { containerEnv, EnvConfigError, type ObjectGetter } from "../../../src/kubelet/container/env.ts";
import type { PodRuntimeInfo } from "../../../src/kubelet/container/fieldref.ts";
import { serviceEnv, serviceNamespaces, serviceVars } from "../../../src/kubelet/container/service-env.ts";
import { CONFIG_SOURCE } from "../../../src/kubelet/static-pods.ts";

const svc = (namespace: string, name: string, clusterIP: string | undefined, ports: ServicePort[] = [], type?: string): Service => ({
  metadata: { name, namespace },
  spec: { ...(clusterIP !== undefined ? { clusterIP } : {}), ports, ...(type ? { type } : {}) },
});

const MASTER = svc("default", "kubernetes", "10.43.0.1", [{ name: "https", port: 443, protocol: "TCP" }]);

const MASTER_VARS = {
  KUBERNETES_SERVICE_HOST: "10.43.0.1",
  KUBERNETES_SERVICE_PORT: "443",
  KUBERNETES_SERVICE_PORT_HTTPS: "443",
  KUBERNETES_PORT: "tcp://10.43.0.1:443",
  KUBERNETES_PORT_443_TCP: "tcp://10.43.0.1:443",
  KUBERNETES_PORT_443_TCP_PROTO: "tcp",
  KUBERNETES_PORT_443_TCP_PORT: "443",
  KUBERNETES_PORT_443_TCP_ADDR: "10.43.0.1",
};

describe("serviceVars (envvars.FromServices)", () => {
  test("the master service: host, port, named port, docker link variables in upstream's order", () => {
    expect([...serviceVars(MASTER)]).toEqual(Object.entries(MASTER_VARS));
  });

  test("names upper-cased with '-' as '_'; unnamed first port; named ports; protocols; first port gives _PORT", () => {
    const m = serviceVars(
      svc("app", "my-db", "10.43.5.6", [
        { port: 5432 },
        { name: "metrics-http", port: 9187, protocol: "TCP" },
        { name: "dns", port: 53, protocol: "UDP" },
      ]),
    );
    expect(Object.fromEntries(m)).toEqual({
      MY_DB_SERVICE_HOST: "10.43.5.6",
      MY_DB_SERVICE_PORT: "5432",
      MY_DB_SERVICE_PORT_METRICS_HTTP: "9187",
      MY_DB_SERVICE_PORT_DNS: "53",
      MY_DB_PORT: "tcp://10.43.5.6:5432",
      MY_DB_PORT_5432_TCP: "tcp://10.43.5.6:5432",
      MY_DB_PORT_5432_TCP_PROTO: "tcp",
      MY_DB_PORT_5432_TCP_PORT: "5432",
      MY_DB_PORT_5432_TCP_ADDR: "10.43.5.6",
      MY_DB_PORT_9187_TCP: "tcp://10.43.5.6:9187",
      MY_DB_PORT_9187_TCP_PROTO: "tcp",
      MY_DB_PORT_9187_TCP_PORT: "9187",
      MY_DB_PORT_9187_TCP_ADDR: "10.43.5.6",
      MY_DB_PORT_53_UDP: "udp://10.43.5.6:53",
      MY_DB_PORT_53_UDP_PROTO: "udp",
      MY_DB_PORT_53_UDP_PORT: "53",
      MY_DB_PORT_53_UDP_ADDR: "10.43.5.6",
    });
  });

  test("the first port is the first listed, whatever its number; IPv6 addresses are bracketed in URLs only", () => {
    const m = serviceVars(svc("app", "v6", "fd00:43::10", [{ name: "b", port: 8080, protocol: "SCTP" }, { name: "a", port: 80 }]));
    expect(m.get("V6_SERVICE_HOST")).toBe("fd00:43::10");
    expect(m.get("V6_SERVICE_PORT")).toBe("8080");
    expect(m.get("V6_PORT")).toBe("sctp://[fd00:43::10]:8080");
    expect(m.get("V6_PORT_80_TCP")).toBe("tcp://[fd00:43::10]:80");
    expect(m.get("V6_PORT_8080_SCTP_ADDR")).toBe("fd00:43::10");
  });

  test("headless (None) and ExternalName (no cluster IP) services give nothing", () => {
    expect(serviceVars(svc("app", "headless", "None", [{ port: 80 }])).size).toBe(0);
    expect(serviceVars(svc("app", "ext", undefined, [{ port: 80 }], "ExternalName")).size).toBe(0);
    expect(serviceVars(svc("app", "empty", "", [{ port: 80 }])).size).toBe(0);
  });
});

describe("serviceEnv (getServiceEnvVarMap)", () => {
  const all = [
    MASTER,
    svc("default", "web", "10.43.0.20", [{ port: 80 }]),
    svc("app", "api", "10.43.1.1", [{ name: "http", port: 8080 }]),
    svc("app", "headless", "None", [{ port: 80 }]),
    svc("app", "ext", undefined, [{ port: 80 }], "ExternalName"),
    svc("other", "elsewhere", "10.43.2.2", [{ port: 80 }]),
  ];
  const names = (m: Map<string, string>) => [...new Set([...m.keys()].map((k) => k.replace(/_(SERVICE|PORT).*$/, "")))].sort();

  test("service links: the master service plus every service with a cluster IP in the pod's namespace", () => {
    expect(names(serviceEnv(all, "app", true))).toEqual(["API", "KUBERNETES"]);
    expect(names(serviceEnv(all, "default", true))).toEqual(["KUBERNETES", "WEB"]);
  });

  test("enableServiceLinks false: only the master service, in every namespace", () => {
    expect(Object.fromEntries(serviceEnv(all, "app", false))).toEqual(MASTER_VARS);
    expect(Object.fromEntries(serviceEnv(all, "default", false))).toEqual(MASTER_VARS);
  });

  test("a 'kubernetes' service in the pod's namespace wins over the master service (either listing order)", () => {
    const own = svc("app", "kubernetes", "10.43.9.9", [{ port: 6443 }]);
    for (const list of [[MASTER, own], [own, MASTER]]) {
      const m = serviceEnv(list, "app", true);
      expect(m.get("KUBERNETES_SERVICE_HOST")).toBe("10.43.9.9");
      expect(m.has("KUBERNETES_SERVICE_PORT_HTTPS")).toBe(false);
    }
    expect(serviceEnv([MASTER, own], "app", false).get("KUBERNETES_SERVICE_HOST")).toBe("10.43.0.1");
  });

  test("no master service: nothing for links off", () => {
    expect(serviceEnv([], "app", false).size).toBe(0);
  });

  test("namespaces to read", () => {
    expect(serviceNamespaces("app", true)).toEqual(["default", "app"]);
    expect(serviceNamespaces("app", false)).toEqual(["default"]);
    expect(serviceNamespaces("default", true)).toEqual(["default"]);
  });
});

describe("containerEnv with service variables", () => {
  const info: PodRuntimeInfo = { nodeName: "n", podIP: "10.42.0.5", allocatable: { cpu: "1", memory: "1Gi" } };
  const services = [MASTER, svc("app", "api", "10.43.1.1", [{ name: "http", port: 8080 }])];
  const calls: Array<{ namespaces: readonly string[]; waitForSync: boolean }> = [];
  const getter = (over: Partial<ObjectGetter> = {}): ObjectGetter => ({
    configMap: async (_ns, name) => (name === "cfg" ? { metadata: { name }, data: { API_SERVICE_HOST: "from-envfrom", EXTRA: "x" } } : undefined),
    secret: async () => undefined,
    services: async (namespaces, o) => {
      calls.push({ namespaces, waitForSync: o.waitForSync });
      return services.filter((s) => namespaces.includes(s.metadata.namespace!));
    },
    ...over,
  });
  const podOf = (c: Partial<Container>, spec: Partial<Pod["spec"]> = {}, annotations?: Record<string, string>): [Pod, Container] => {
    const container: Container = { name: "c", image: "i", ...c };
    return [{ metadata: { name: "p", namespace: "app", ...(annotations ? { annotations } : {}) }, spec: { containers: [container], ...spec } }, container];
  };

  test("service variables come after the declared ones; declared env and envFrom override them", async () => {
    const [pod, c] = podOf({
      envFrom: [{ configMapRef: { name: "cfg" } }],
      env: [{ name: "KUBERNETES_SERVICE_PORT", value: "6443" }, { name: "A", value: "1" }],
    });
    const { env } = await containerEnv(pod, c, info, getter());
    const m = new Map(env);
    expect(env.length).toBe(m.size); // no duplicates
    expect(env.slice(0, 4)).toEqual([
      ["API_SERVICE_HOST", "from-envfrom"],
      ["EXTRA", "x"],
      ["KUBERNETES_SERVICE_PORT", "6443"],
      ["A", "1"],
    ]);
    expect(m.get("KUBERNETES_SERVICE_HOST")).toBe("10.43.0.1");
    expect(m.get("API_SERVICE_PORT_HTTP")).toBe("8080");
    expect(m.get("API_PORT")).toBe("tcp://10.43.1.1:8080");
  });

  test("$(VAR) in env values resolves declared variables first, then service variables", async () => {
    const [pod, c] = podOf({
      env: [
        { name: "URL", value: "https://$(KUBERNETES_SERVICE_HOST):$(KUBERNETES_SERVICE_PORT)/$(API_SERVICE_PORT_HTTP)" },
        { name: "API_SERVICE_HOST", value: "override" },
        { name: "H", value: "$(API_SERVICE_HOST)|$(NOPE)" },
      ],
    });
    const m = new Map((await containerEnv(pod, c, info, getter())).env);
    expect(m.get("URL")).toBe("https://10.43.0.1:443/8080");
    expect(m.get("H")).toBe("override|$(NOPE)");
    expect(m.get("API_SERVICE_HOST")).toBe("override");
  });

  test("enableServiceLinks false: only the master service's variables, and only default is read", async () => {
    calls.length = 0;
    const [pod, c] = podOf({}, { enableServiceLinks: false });
    const { env } = await containerEnv(pod, c, info, getter());
    expect(Object.fromEntries(env)).toEqual(MASTER_VARS);
    expect(calls).toEqual([{ namespaces: ["default"], waitForSync: true }]);
  });

  test("a Service cache that never synced is a config error for API pods; static pods read it as it is", async () => {
    const failing = getter({
      services: async (_n, o) => {
        if (o.waitForSync) throw new Error("services have not yet been read at least once, cannot construct envvars");
        return [];
      },
    });
    const [pod, c] = podOf({});
    await expect(containerEnv(pod, c, info, failing)).rejects.toBeInstanceOf(EnvConfigError);
    const [spod, sc] = podOf({}, {}, { [CONFIG_SOURCE]: "file" });
    expect((await containerEnv(spod, sc, info, failing)).env).toEqual([]);
  });

  test("a getter without services gives no service variables", async () => {
    const [pod, c] = podOf({ env: [{ name: "A", value: "$(KUBERNETES_SERVICE_HOST)" }] });
    const g = getter();
    delete g.services;
    expect((await containerEnv(pod, c, info, g)).env).toEqual([["A", "$(KUBERNETES_SERVICE_HOST)"]]);
  });
});
