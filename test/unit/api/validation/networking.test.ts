/**
 * networking.k8s.io/v1 Ingress and IngressClass validation against upstream's messages and
 * field paths (pkg/apis/networking/validation, Kubernetes 1.34), through validateObject as
 * the apiserver calls it, plus the IngressClass parameters default.
 */
import { describe, expect, test } from "bun:test";
import { applyDefaults } from "../../../../src/api/defaults/index.ts";
import type { KubeObject } from "../../../../src/api/meta/types.ts";
import { isWildcardDNS1123Subdomain } from "../../../../src/api/names/dns.ts";
import { resourceFor } from "../../../../src/api/resources.ts";
import { errorString, formatInvalidMessage, validateObject } from "../../../../src/api/validation/index.ts";
import { clone } from "./fixtures.ts";

const INGRESSES = resourceFor("networking.k8s.io", "v1", "ingresses")!;
const CLASSES = resourceFor("networking.k8s.io", "v1", "ingressclasses")!;

const RFC1123_SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const WILDCARD =
  "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1035 =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

const P0 = "spec.rules[0].http.paths[0]";

const ingress = (): KubeObject => ({
  apiVersion: "networking.k8s.io/v1",
  kind: "Ingress",
  metadata: { name: "web", namespace: "default" },
  spec: {
    ingressClassName: "nginx",
    tls: [{ hosts: ["web.example.com"], secretName: "web-tls" }],
    rules: [
      {
        host: "web.example.com",
        http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "web", port: { number: 80 } } } }] },
      },
    ],
  },
});

const ingressClass = (): KubeObject => ({
  apiVersion: "networking.k8s.io/v1",
  kind: "IngressClass",
  metadata: { name: "nginx" },
  spec: { controller: "k8s.io/ingress-nginx" },
});

type Mut = (o: any) => void;
const ingressErrors = (mutate: Mut, old?: KubeObject) => {
  const o = clone(ingress());
  mutate(o);
  return validateObject(INGRESSES, o, old).map(errorString);
};
const classErrors = (mutate: Mut, old?: KubeObject) => {
  const o = clone(ingressClass());
  mutate(o);
  return validateObject(CLASSES, o, old).map(errorString);
};
const path0 = (o: any) => o.spec.rules[0].http.paths[0];

describe("Ingress on create", () => {
  const cases: [string, Mut, string[]][] = [
    ["valid", () => {}, []],
    ["a default backend alone is enough", (o) => (o.spec = { defaultBackend: { service: { name: "web", port: { name: "http" } } } }), []],
    ["a resource backend", (o) => (path0(o).backend = { resource: { apiGroup: "example.com", kind: "Bucket", name: "static" } }), []],
    ["ImplementationSpecific may have no path", (o) => (o.spec.rules[0].http.paths[0] = { pathType: "ImplementationSpecific", backend: path0(o).backend }), []],
    ["a wildcard host", (o) => (o.spec.rules[0].host = "*.example.com"), []],
    ["a rule without host", (o) => delete o.spec.rules[0].host, []],
    ["missing pathType stops at pathType", (o) => (delete path0(o).pathType, (path0(o).backend = {})), [`${P0}.pathType: Required value: pathType must be specified`]],
    ["unsupported pathType", (o) => (path0(o).pathType = "Regex"), [`${P0}.pathType: Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"`]],
    ["relative Prefix path", (o) => (path0(o).path = "api"), [`${P0}.path: Invalid value: "api": must be an absolute path`]],
    ["empty Exact path", (o) => ((path0(o).pathType = "Exact"), delete path0(o).path), [`${P0}.path: Invalid value: "": must be an absolute path`]],
    ["relative ImplementationSpecific path", (o) => ((path0(o).pathType = "ImplementationSpecific"), (path0(o).path = "api")), [`${P0}.path: Invalid value: "api": must be an absolute path`]],
    ["double slash", (o) => (path0(o).path = "/a//b"), [`${P0}.path: Invalid value: "/a//b": must not contain '//'`]],
    ["dot segment", (o) => (path0(o).path = "/a/./b"), [`${P0}.path: Invalid value: "/a/./b": must not contain '/./'`]],
    ["dot-dot segment", (o) => (path0(o).path = "/a/../b"), [`${P0}.path: Invalid value: "/a/../b": must not contain '/../'`]],
    ["encoded slash", (o) => (path0(o).path = "/a%2fb"), [`${P0}.path: Invalid value: "/a%2fb": must not contain '%2f'`]],
    ["ends with /..", (o) => ((path0(o).pathType = "Exact"), (path0(o).path = "/a/..")), [`${P0}.path: Invalid value: "/a/..": cannot end with '/..'`]],
    ["ends with /.", (o) => (path0(o).path = "/a/."), [`${P0}.path: Invalid value: "/a/.": cannot end with '/.'`]],
    ["ImplementationSpecific skips the sequence checks", (o) => ((path0(o).pathType = "ImplementationSpecific"), (path0(o).path = "/a//b/..")), []],
    ["both port name and number", (o) => (path0(o).backend.service.port = { name: "http", number: 80 }), [`${P0}.backend: Invalid value: "": cannot set both port name & port number`]],
    ["neither port name nor number", (o) => (path0(o).backend.service.port = {}), [`${P0}.backend: Required value: port name or number is required`]],
    ["port number out of range", (o) => (path0(o).backend.service.port = { number: 70000 }), [`${P0}.backend.service.port.number: Invalid value: 70000: must be between 1 and 65535, inclusive`]],
    [
      "port name not an IANA name",
      (o) => (path0(o).backend.service.port = { name: "HTTP" }),
      [
        `${P0}.backend.service.port.name: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)`,
        `${P0}.backend.service.port.name: Invalid value: "HTTP": must contain at least one letter (a-z)`,
      ],
    ],
    ["service name not DNS-1035", (o) => (path0(o).backend.service.name = "1web"), [`${P0}.backend.service.name: Invalid value: "1web": ${DNS1035}`]],
    ["service name missing", (o) => (path0(o).backend.service.name = ""), [`${P0}.backend.service.name: Required value`]],
    [
      "both service and resource",
      (o) => (path0(o).backend.resource = { kind: "Bucket", name: "b" }),
      [`${P0}.backend: Invalid value: "": cannot set both resource and service backends`],
    ],
    ["no backend", (o) => (path0(o).backend = {}), [`${P0}.backend: Invalid value: "": resource or service backend is required`]],
    [
      "resource backend without kind and name",
      (o) => (path0(o).backend = { resource: { apiGroup: "", kind: "", name: "a/b" } }),
      [`${P0}.backend.resource.apiGroup: Invalid value: "": ${RFC1123_SUBDOMAIN}`, `${P0}.backend.resource.kind: Required value`, `${P0}.backend.resource.name: Invalid value: "a/b": may not contain '/'`],
    ],
    ["http without paths", (o) => (o.spec.rules[0].http.paths = []), ["spec.rules[0].http.paths: Required value"]],
    ["host is an IP", (o) => (o.spec.rules[0].host = "10.0.0.1"), ['spec.rules[0].host: Invalid value: "10.0.0.1": must be a DNS name, not an IP address']],
    ["host is an IP with leading zeros (parsed sloppily)", (o) => (o.spec.rules[0].host = "010.0.0.1"), ['spec.rules[0].host: Invalid value: "010.0.0.1": must be a DNS name, not an IP address']],
    [
      "host is an IPv6 address",
      (o) => (o.spec.rules[0].host = "2001:db8::1"),
      ['spec.rules[0].host: Invalid value: "2001:db8::1": must be a DNS name, not an IP address', `spec.rules[0].host: Invalid value: "2001:db8::1": ${RFC1123_SUBDOMAIN}`],
    ],
    ["host not a subdomain", (o) => (o.spec.rules[0].host = "Web.example.com"), [`spec.rules[0].host: Invalid value: "Web.example.com": ${RFC1123_SUBDOMAIN}`]],
    ["bad wildcard host", (o) => (o.spec.rules[0].host = "*.*.example.com"), [`spec.rules[0].host: Invalid value: "*.*.example.com": ${WILDCARD}`]],
    [
      "neither rules nor default backend",
      (o) => (o.spec = {}),
      ["spec: Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified"],
    ],
    ["ingressClassName not a subdomain", (o) => (o.spec.ingressClassName = "Nginx"), [`spec.ingressClassName: Invalid value: "Nginx": ${RFC1123_SUBDOMAIN}`]],
    ["tls host not a subdomain", (o) => (o.spec.tls[0].hosts = ["a_b"]), [`spec.tls[0].hosts[0]: Invalid value: "a_b": ${RFC1123_SUBDOMAIN}`]],
    ["tls secret name not a subdomain", (o) => (o.spec.tls[0].secretName = "Web"), [`spec.tls[0].secretName: Invalid value: "Web": ${RFC1123_SUBDOMAIN}`]],
    [
      "class annotation disagrees with ingressClassName",
      (o) => (o.metadata.annotations = { "kubernetes.io/ingress.class": "traefik" }),
      ['annotations.kubernetes.io/ingress.class: Invalid value: "traefik": must match `ingressClassName` when both are specified'],
    ],
    ["class annotation alone is fine", (o) => ((o.metadata.annotations = { "kubernetes.io/ingress.class": "traefik" }), delete o.spec.ingressClassName), []],
  ];
  for (const [name, mutate, want] of cases) test(name, () => expect(ingressErrors(mutate)).toEqual(want));

  test("the 422 message names the kind with its group", () => {
    const o = clone(ingress()) as any;
    path0(o).path = "api";
    const errs = validateObject(INGRESSES, o);
    expect(formatInvalidMessage({ group: "networking.k8s.io", kind: "Ingress" }, "web", errs)).toBe(
      `Ingress.networking.k8s.io "web" is invalid: ${P0}.path: Invalid value: "api": must be an absolute path`,
    );
  });
});

describe("Ingress on update", () => {
  const stored = (mutate: Mut): KubeObject => {
    const o = clone(ingress()) as any;
    mutate(o);
    o.metadata.uid = "u1";
    o.metadata.creationTimestamp = "2025-01-01T00:00:00Z";
    return o;
  };
  const update = (old: KubeObject, mutate: Mut) => {
    const o = clone(old) as any;
    mutate(o);
    return validateObject(INGRESSES, o, old).map(errorString);
  };

  test("the spec rules apply", () => {
    expect(update(stored(() => {}), (o) => delete path0(o).pathType)).toEqual([`${P0}.pathType: Required value: pathType must be specified`]);
  });
  test("the class annotation is only checked on create", () => {
    expect(update(stored(() => {}), (o) => (o.metadata.annotations = { "kubernetes.io/ingress.class": "traefik" }))).toEqual([]);
  });
  test("an invalid TLS secret name already stored stays accepted", () => {
    const old = stored((o) => (o.spec.tls[0].secretName = "Web"));
    expect(update(old, (o) => (o.spec.tls[0].secretName = "Other"))).toEqual([]);
  });
  test("a service name valid only as a DNS-1123 label, already stored, stays accepted", () => {
    const old = stored((o) => (path0(o).backend.service.name = "1web"));
    expect(update(old, (o) => (o.metadata.labels = { a: "b" }))).toEqual([]);
    expect(update(stored(() => {}), (o) => (path0(o).backend.service.name = "1web"))).toEqual([`${P0}.backend.service.name: Invalid value: "1web": ${DNS1035}`]);
  });
});

describe("Ingress status", () => {
  const old = (): KubeObject => ({ ...clone(ingress()), metadata: { name: "web", namespace: "default", uid: "u1", creationTimestamp: "2025-01-01T00:00:00Z" } });
  const status = (lb: unknown) => {
    const o = old() as any;
    o.status = { loadBalancer: lb };
    return validateObject(INGRESSES, o, old(), { subresource: "status" }).map(errorString);
  };
  test("valid ingress points", () => expect(status({ ingress: [{ ip: "192.0.2.10" }, { hostname: "lb.example.com" }, { ip: "2001:db8::1" }] })).toEqual([]));
  test("ip must be an IP", () =>
    expect(status({ ingress: [{ ip: "lb.example.com" }] })).toEqual(['status.loadBalancer.ingress[0].ip: Invalid value: "lb.example.com": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)']));
  test("hostname must be a DNS name", () =>
    expect(status({ ingress: [{ hostname: "192.0.2.10" }] })).toEqual(['status.loadBalancer.ingress[0].hostname: Invalid value: "192.0.2.10": must be a DNS name, not an IP address']));
  test("spec rules do not run on the status subresource", () => {
    const o = old() as any;
    delete path0(o).pathType;
    expect(validateObject(INGRESSES, o, old(), { subresource: "status" })).toEqual([]);
  });
});

describe("IngressClass", () => {
  const LONG = `example.com/${"a".repeat(240)}`;
  const cases: [string, Mut, string[]][] = [
    ["valid", () => {}, []],
    ["controller required", (o) => (o.spec = {}), ["spec.controller: Required value"]],
    ["controller not domain-prefixed", (o) => (o.spec.controller = "nginx"), ['spec.controller: Invalid value: "nginx": must be a domain-prefixed path (such as "acme.io/foo")']],
    ["controller with an empty path", (o) => (o.spec.controller = "k8s.io/"), ['spec.controller: Invalid value: "k8s.io/": must be a domain-prefixed path (such as "acme.io/foo")']],
    ["controller domain not a subdomain", (o) => (o.spec.controller = "K8s.io/nginx"), [`spec.controller: Invalid value: "K8s.io": ${RFC1123_SUBDOMAIN}`]],
    ["controller path with a space", (o) => (o.spec.controller = "k8s.io/a b"), ["spec.controller: Invalid value: \"a b\": Invalid path (regex used for validation is '[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+')"]],
    ["controller too long", (o) => (o.spec.controller = LONG), ["spec.controller: Too long: must have at most 250 bytes"]],
    ["namespace is forbidden", (o) => (o.metadata.namespace = "default"), ["metadata.namespace: Forbidden: not allowed on this type"]],
    ["parameters, cluster-scoped", (o) => (o.spec.parameters = { apiGroup: "k8s.example.com", kind: "IngressParameters", name: "p", scope: "Cluster" }), []],
    ["parameters, namespaced", (o) => (o.spec.parameters = { kind: "ConfigMap", name: "p", scope: "Namespace", namespace: "ingress" }), []],
    [
      "parameters without kind, name or scope",
      (o) => (o.spec.parameters = { kind: "", name: "" }),
      ["spec.parameters.kind: Required value", "spec.parameters.name: Required value", "spec.parameters.scope: Required value"],
    ],
    ["unsupported scope", (o) => (o.spec.parameters = { kind: "K", name: "n", scope: "Global" }), ['spec.parameters.scope: Unsupported value: "Global": supported values: "Cluster", "Namespace"']],
    ["Namespace scope needs a namespace", (o) => (o.spec.parameters = { kind: "K", name: "n", scope: "Namespace" }), ["spec.parameters.namespace: Required value: `parameters.scope` is set to 'Namespace'"]],
    ["Cluster scope forbids a namespace", (o) => (o.spec.parameters = { kind: "K", name: "n", scope: "Cluster", namespace: "x" }), ["spec.parameters.namespace: Forbidden: `parameters.scope` is set to 'Cluster'"]],
  ];
  for (const [name, mutate, want] of cases) test(name, () => expect(classErrors(mutate)).toEqual(want));

  test("the controller is immutable", () => {
    const old = { ...clone(ingressClass()), metadata: { name: "nginx", uid: "u1", creationTimestamp: "2025-01-01T00:00:00Z" } };
    const change = (controller: string) => {
      const o = clone(old) as any;
      o.spec.controller = controller;
      return validateObject(CLASSES, o, old).map(errorString);
    };
    expect(change("k8s.io/ingress-nginx")).toEqual([]);
    expect(change("example.com/other")).toEqual(['spec.controller: Invalid value: "example.com/other": field is immutable']);
    expect(change("")).toEqual(['spec.controller: Invalid value: "": field is immutable', "spec.controller: Required value"]);
  });

  test("parameters default to Cluster scope (SetDefaults_IngressClass)", () => {
    const o = clone(ingressClass()) as any;
    o.spec.parameters = { kind: "K", name: "n" };
    applyDefaults(CLASSES, o);
    expect(o.spec.parameters.scope).toBe("Cluster");
    expect(validateObject(CLASSES, o)).toEqual([]);
    const ns = clone(ingressClass()) as any;
    ns.spec.parameters = { kind: "K", name: "n", scope: "Namespace", namespace: "a" };
    applyDefaults(CLASSES, ns);
    expect(ns.spec.parameters.scope).toBe("Namespace");
  });
});

describe("isWildcardDNS1123Subdomain", () => {
  test.each([
    ["*.example.com", 0],
    ["*.com", 0],
    ["*", 1],
    ["*.*.com", 1],
    ["f*.com", 1],
    ["example.com", 1],
  ] as const)("%s", (host, n) => expect(isWildcardDNS1123Subdomain(host).length).toBe(n));
});
