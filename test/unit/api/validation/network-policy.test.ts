/**
 * networking.k8s.io/v1 NetworkPolicy validation against upstream's messages and field paths
 * (pkg/apis/networking/validation ValidateNetworkPolicy/Update, Kubernetes 1.34), through
 * validateObject as the apiserver calls it, and the sloppy CIDR parsing it relies on.
 */
import { describe, expect, test } from "bun:test";
import type { KubeObject } from "../../../../src/api/meta/types.ts";
import { resourceFor } from "../../../../src/api/resources.ts";
import { netContains, parseCIDRSloppy, parseIPv6Sloppy } from "../../../../src/api/validation/cidr.ts";
import { errorString, formatInvalidMessage, toStatusCauses, validateObject } from "../../../../src/api/validation/index.ts";
import { clone } from "./fixtures.ts";

const POLICIES = resourceFor("networking.k8s.io", "v1", "networkpolicies")!;

const INVALID_CIDR = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";
const LABEL_VALUE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

/** A valid, defaulted policy: ingress from pods, namespaces and a block; egress to DNS. */
const policy = (): KubeObject => ({
  apiVersion: "networking.k8s.io/v1",
  kind: "NetworkPolicy",
  metadata: { name: "db", namespace: "default" },
  spec: {
    podSelector: { matchLabels: { app: "db" } },
    ingress: [
      {
        from: [
          { podSelector: { matchLabels: { app: "web" } } },
          { namespaceSelector: { matchLabels: { team: "ops" } }, podSelector: { matchExpressions: [{ key: "role", operator: "In", values: ["admin"] }] } },
          { ipBlock: { cidr: "172.17.0.0/16", except: ["172.17.1.0/24"] } },
        ],
        ports: [{ protocol: "TCP", port: 5432 }],
      },
    ],
    egress: [{ to: [{ namespaceSelector: {} }], ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: "dns-tcp" }, { protocol: "TCP", port: 32000, endPort: 32768 }] }],
    policyTypes: ["Ingress", "Egress"],
  },
});

type Mut = (o: any) => void;
const errors = (mutate: Mut, old?: KubeObject) => {
  const o = clone(policy());
  mutate(o);
  return validateObject(POLICIES, o, old).map(errorString);
};
const from = (o: any) => o.spec.ingress[0].from;
const port0 = (o: any) => o.spec.ingress[0].ports[0];

describe("NetworkPolicy on create", () => {
  const cases: [string, Mut, string[]][] = [
    ["valid", () => {}, []],
    ["an empty spec (after defaulting: empty selector, Ingress)", (o) => (o.spec = { podSelector: {}, policyTypes: ["Ingress"] }), []],
    ["egress only", (o) => ((o.spec.policyTypes = ["Egress"]), delete o.spec.ingress), []],
    ["an IPv6 block", (o) => (from(o)[2].ipBlock = { cidr: "2001:db8::/64", except: ["2001:db8::/96"] }), []],
    ["a block written with leading zeros (parsed sloppily)", (o) => (from(o)[2].ipBlock = { cidr: "010.0.0.0/8" }), []],
    ["a port without protocol or number (all ports)", (o) => (o.spec.ingress[0].ports = [{}]), []],
    ["a port range of one port", (o) => (o.spec.ingress[0].ports = [{ port: 80, endPort: 80 }]), []],
    [
      "podSelector with a bad operator and value",
      (o) => (o.spec.podSelector = { matchExpressions: [{ key: "app", operator: "Equals", values: ["a b"] }] }),
      ['spec.podSelector.matchExpressions[0].operator: Invalid value: "Equals": not a valid selector operator', `spec.podSelector.matchExpressions[0].values[0]: Invalid value: "a b": ${LABEL_VALUE}`],
    ],
    ["podSelector In without values", (o) => (o.spec.podSelector = { matchExpressions: [{ key: "app", operator: "In" }] }), ["spec.podSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"]],
    ["unsupported protocol", (o) => (port0(o).protocol = "ICMP"), ['spec.ingress[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"']],
    ["an empty protocol", (o) => (port0(o).protocol = ""), ['spec.ingress[0].ports[0].protocol: Unsupported value: "": supported values: "TCP", "UDP", "SCTP"']],
    ["port number 0", (o) => (port0(o).port = 0), ["spec.ingress[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive"]],
    ["port number too large", (o) => (port0(o).port = 65536), ["spec.ingress[0].ports[0].port: Invalid value: 65536: must be between 1 and 65535, inclusive"]],
    [
      "port name not an IANA name",
      (o) => (port0(o).port = "Postgres_Port_Name"),
      [
        'spec.ingress[0].ports[0].port: Invalid value: "Postgres_Port_Name": must be no more than 15 characters',
        'spec.ingress[0].ports[0].port: Invalid value: "Postgres_Port_Name": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      ],
    ],
    ["a numeric string is a port name", (o) => (port0(o).port = "80"), ['spec.ingress[0].ports[0].port: Invalid value: "80": must contain at least one letter (a-z)']],
    ["endPort below port", (o) => (port0(o).endPort = 5000), ["spec.ingress[0].ports[0].endPort: Invalid value: 5000: must be greater than or equal to `port`"]],
    [
      "endPort below port and out of range",
      (o) => (port0(o).endPort = -1),
      ["spec.ingress[0].ports[0].endPort: Invalid value: -1: must be greater than or equal to `port`", "spec.ingress[0].ports[0].endPort: Invalid value: -1: must be between 1 and 65535, inclusive"],
    ],
    ["endPort out of range", (o) => (port0(o).endPort = 70000), ["spec.ingress[0].ports[0].endPort: Invalid value: 70000: must be between 1 and 65535, inclusive"]],
    ["endPort with a named port", (o) => (o.spec.egress[0].ports[1].endPort = 60), ["spec.egress[0].ports[1].endPort: Invalid value: 60: may not be specified when `port` is non-numeric"]],
    ["endPort without port", (o) => (o.spec.egress[0].ports[0] = { protocol: "UDP", endPort: 60 }), ["spec.egress[0].ports[0].endPort: Invalid value: 60: may not be specified when `port` is not specified"]],
    ["an empty peer", (o) => (from(o)[0] = {}), ["spec.ingress[0].from[0]: Required value: must specify a peer"]],
    ["null selectors are no peer", (o) => (o.spec.egress[0].to[0] = { podSelector: null, ipBlock: null }), ["spec.egress[0].to[0]: Required value: must specify a peer"]],
    ["ipBlock with a selector", (o) => (from(o)[2].podSelector = {}), ["spec.ingress[0].from[2]: Forbidden: may not specify both ipBlock and another peer"]],
    [
      "ipBlock with both selectors and a bad cidr",
      (o) => ((from(o)[2] = { ipBlock: { cidr: "nope" } }), (from(o)[2].namespaceSelector = {}), (from(o)[2].podSelector = {})),
      [`spec.ingress[0].from[2].ipBlock.cidr: Invalid value: "nope": ${INVALID_CIDR}`, "spec.ingress[0].from[2]: Forbidden: may not specify both ipBlock and another peer"],
    ],
    ["ipBlock without cidr", (o) => (from(o)[2].ipBlock = { except: ["10.0.0.0/8"] }), ["spec.ingress[0].from[2].ipBlock.cidr: Required value"]],
    ["cidr is a plain address", (o) => (from(o)[2].ipBlock = { cidr: "10.0.0.1" }), [`spec.ingress[0].from[2].ipBlock.cidr: Invalid value: "10.0.0.1": ${INVALID_CIDR}`]],
    ["cidr prefix too long", (o) => (from(o)[2].ipBlock = { cidr: "10.0.0.0/33" }), [`spec.ingress[0].from[2].ipBlock.cidr: Invalid value: "10.0.0.0/33": ${INVALID_CIDR}`]],
    ["an invalid cidr skips the except checks", (o) => (from(o)[2].ipBlock = { cidr: "10.0.0.0/33", except: ["bad"] }), [`spec.ingress[0].from[2].ipBlock.cidr: Invalid value: "10.0.0.0/33": ${INVALID_CIDR}`]],
    ["except not a cidr", (o) => (from(o)[2].ipBlock.except = ["172.17.1.0/24", "x"]), [`spec.ingress[0].from[2].ipBlock.except[1]: Invalid value: "x": ${INVALID_CIDR}`]],
    ["except outside cidr", (o) => (from(o)[2].ipBlock.except = ["10.0.0.0/24"]), ['spec.ingress[0].from[2].ipBlock.except[0]: Invalid value: "10.0.0.0/24": must be a strict subset of `cidr`']],
    ["except equal to cidr", (o) => (from(o)[2].ipBlock.except = ["172.17.0.0/16"]), ['spec.ingress[0].from[2].ipBlock.except[0]: Invalid value: "172.17.0.0/16": must be a strict subset of `cidr`']],
    ["except wider than cidr", (o) => (from(o)[2].ipBlock.except = ["172.0.0.0/8"]), ['spec.ingress[0].from[2].ipBlock.except[0]: Invalid value: "172.0.0.0/8": must be a strict subset of `cidr`']],
    ["except of the other family", (o) => (from(o)[2].ipBlock.except = ["2001:db8::/64"]), ['spec.ingress[0].from[2].ipBlock.except[0]: Invalid value: "2001:db8::/64": must be a strict subset of `cidr`']],
    ["unsupported policy type", (o) => (o.spec.policyTypes = ["Ingress", "ingress"]), ['spec.policyTypes[1]: Unsupported value: "ingress": supported values: "Ingress", "Egress"']],
    // upstream checks only the count and the values, not repeats
    ["a repeated policy type", (o) => (o.spec.policyTypes = ["Ingress", "Ingress"]), []],
    [
      "more than two policy types (and nothing else about them)",
      (o) => (o.spec.policyTypes = ["Ingress", "Egress", "Other"]),
      ['spec.policyTypes: Invalid value: []networking.PolicyType{"Ingress", "Egress", "Other"}: may not specify more than two policyTypes'],
    ],
    ["name must be a DNS subdomain", (o) => (o.metadata.name = "DB"), [expect.stringContaining('metadata.name: Invalid value: "DB": a lowercase RFC 1123 subdomain') as never]],
    ["namespace required", (o) => delete o.metadata.namespace, ["metadata.namespace: Required value"]],
  ];
  for (const [name, mutate, want] of cases) test(name, () => expect(errors(mutate)).toEqual(want));

  test("the 422 message names the kind with its group; causes carry the field", () => {
    const o = clone(policy()) as any;
    port0(o).protocol = "ICMP";
    const errs = validateObject(POLICIES, o);
    expect(formatInvalidMessage({ group: "networking.k8s.io", kind: "NetworkPolicy" }, "db", errs)).toBe(
      'NetworkPolicy.networking.k8s.io "db" is invalid: spec.ingress[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"',
    );
    expect(toStatusCauses(errs)).toEqual([{ reason: "FieldValueNotSupported", message: 'Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"', field: "spec.ingress[0].ports[0].protocol" }]);
  });
});

describe("NetworkPolicy on update", () => {
  const stored = (): KubeObject => {
    const o = clone(policy()) as any;
    o.metadata.uid = "u1";
    o.metadata.creationTimestamp = "2025-01-01T00:00:00Z";
    return o;
  };
  const update = (mutate: Mut) => errors(mutate, stored()).filter((e) => !e.startsWith("metadata."));

  test("a valid change", () => expect(update((o) => (o.spec.podSelector = {}))).toEqual([]));
  test("the spec is checked twice, as upstream's ValidateUpdate does; the message shows it once", () => {
    const want = 'spec.egress[0].ports[0].protocol: Unsupported value: "icmp": supported values: "TCP", "UDP", "SCTP"';
    expect(update((o) => (o.spec.egress[0].ports[0].protocol = "icmp"))).toEqual([want, want]);
    const o = stored() as any;
    const next = clone(o);
    next.spec.egress[0].ports[0].protocol = "icmp";
    expect(formatInvalidMessage({ group: "networking.k8s.io", kind: "NetworkPolicy" }, "db", validateObject(POLICIES, next, o))).toBe(`NetworkPolicy.networking.k8s.io "db" is invalid: ${want}`);
  });
  test("the namespace cannot change", () => {
    expect(errors((o) => (o.metadata.namespace = "other"), stored())).toContain('metadata.namespace: Invalid value: "other": field is immutable');
  });
});

describe("ParseCIDRSloppy", () => {
  test.each([
    ["10.0.0.0/8", [10, 0, 0, 0], 8],
    ["10.1.2.3/16", [10, 1, 0, 0], 16],
    ["010.001.2.3/024", [10, 1, 2, 0], 24],
    ["0.0.0.0/0", [0, 0, 0, 0], 0],
    ["255.255.255.255/32", [255, 255, 255, 255], 32],
  ] as const)("%s", (s, ip, prefix) => {
    const net = parseCIDRSloppy(s)!;
    expect([...net.ip]).toEqual([...ip]);
    expect(net.prefix).toBe(prefix);
  });

  test.each(["", "10.0.0.0", "10.0.0.0/", "10.0.0.0/33", "10.0.0.256/8", "10.0.0/8", "10.0.0.0/8/8", "10.0.0.0/-1", "10.0.0.0/ 8", "::/129", "fe80::1%eth0/64", "1::2::3/64", "1:2:3:4:5:6:7:8::/64", "x/8"])(
    "%p is not a CIDR",
    (s) => expect(parseCIDRSloppy(s)).toBeUndefined(),
  );

  test("IPv6 forms", () => {
    expect([...parseIPv6Sloppy("2001:db8::1")!]).toEqual([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect([...parseIPv6Sloppy("::")!]).toEqual(new Array(16).fill(0));
    expect([...parseIPv6Sloppy("::ffff:10.1.2.3")!].slice(10)).toEqual([0xff, 0xff, 10, 1, 2, 3]);
    expect([...parseIPv6Sloppy("1:2:3:4:5:6:7:8")!].slice(14)).toEqual([0, 8]);
    expect(parseIPv6Sloppy("1:2:3:4:5:6:7:8:9")).toBeUndefined();
    expect(parseIPv6Sloppy("1:2:3:4:5:6:7")).toBeUndefined();
    expect(parseIPv6Sloppy("1:2:3:4:5:6:1.2.3.4")).toBeDefined();
    expect(parseIPv6Sloppy("1:2:3:4:5:1.2.3.4")).toBeUndefined();
    expect(parseIPv6Sloppy("12345::")).toBeUndefined();
    const net = parseCIDRSloppy("2001:db8:ffff::/48")!;
    expect(net.prefix).toBe(48);
    expect([...net.ip].slice(0, 6)).toEqual([0x20, 0x01, 0x0d, 0xb8, 0xff, 0xff]);
  });

  test("containment, IPv4-mapped IPv6 compared as IPv4", () => {
    const v4 = parseCIDRSloppy("10.0.0.0/8")!;
    expect(netContains(v4, parseCIDRSloppy("10.20.0.0/16")!.ip)).toBe(true);
    expect(netContains(v4, parseCIDRSloppy("11.0.0.0/16")!.ip)).toBe(false);
    expect(netContains(v4, parseCIDRSloppy("::ffff:10.1.0.0/112")!.ip)).toBe(true);
    expect(netContains(v4, parseCIDRSloppy("2001:db8::/64")!.ip)).toBe(false);
    expect(netContains(parseCIDRSloppy("::ffff:10.0.0.0/104")!, parseCIDRSloppy("10.9.0.0/16")!.ip)).toBe(true);
  });
});
