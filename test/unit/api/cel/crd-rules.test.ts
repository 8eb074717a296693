/**
 * x-kubernetes-validations rules as published in real CRDs (Gateway API v1 standard channel,
 * Kubernetes' CEL documentation, transition rules from operator CRDs), checked for the
 * verdict Kubernetes gives on valid and invalid objects.
 */
import { describe, expect, test } from "bun:test";
import { compileCel, type CelTypeHints } from "../../../../src/api/cel/index.ts";

interface Case {
  rule: string;
  valid: unknown[];
  invalid: unknown[];
  /** For transition rules: [self, oldSelf] pairs. */
  transitions?: { ok: [unknown, unknown][]; bad: [unknown, unknown][] };
  hints?: CelTypeHints;
}

function check(name: string, c: Case): void {
  test(name, () => {
    const p = compileCel(c.rule);
    for (const self of c.valid) expect({ self, result: p.evaluate({ self }, c.hints) }).toEqual({ self, result: true });
    for (const self of c.invalid) expect({ self, result: p.evaluate({ self }, c.hints) }).toEqual({ self, result: false });
    for (const [self, oldSelf] of c.transitions?.ok ?? []) expect(p.evaluate({ self, oldSelf })).toBe(true);
    for (const [self, oldSelf] of c.transitions?.bad ?? []) expect(p.evaluate({ self, oldSelf })).toBe(false);
  });
}

describe("Gateway API: HTTPRoute", () => {
  check("filter type must match its field (HTTPRouteFilter)", {
    rule: "!(has(self.requestHeaderModifier) && self.type != 'RequestHeaderModifier')",
    valid: [{ type: "RequestHeaderModifier", requestHeaderModifier: { set: [] } }, { type: "URLRewrite", urlRewrite: {} }],
    invalid: [{ type: "URLRewrite", requestHeaderModifier: {} }],
  });

  check("filter field required for its type", {
    rule: "!(!has(self.requestHeaderModifier) && self.type == 'RequestHeaderModifier')",
    valid: [{ type: "RequestHeaderModifier", requestHeaderModifier: {} }, { type: "RequestMirror" }],
    invalid: [{ type: "RequestHeaderModifier" }],
  });

  check("RequestHeaderModifier filter cannot be repeated", {
    rule: "self.filter(f, f.type == 'RequestHeaderModifier').size() <= 1",
    valid: [[], [{ type: "RequestHeaderModifier" }, { type: "URLRewrite" }]],
    invalid: [[{ type: "RequestHeaderModifier" }, { type: "RequestHeaderModifier" }]],
  });

  check("size() as a function over filter()", {
    rule: "size(self.filter(h, h.type == 'RequestHeaderModifier')) <= 1",
    valid: [[{ type: "X" }, { type: "RequestHeaderModifier" }]],
    invalid: [[{ type: "RequestHeaderModifier" }, { type: "RequestHeaderModifier" }]],
  });

  check("May specify either RequestRedirect or URLRewrite, but not both", {
    rule: "!(self.exists(f, f.type == 'RequestRedirect') && self.exists(f, f.type == 'URLRewrite'))",
    valid: [[{ type: "RequestRedirect" }], [{ type: "URLRewrite" }, { type: "RequestHeaderModifier" }]],
    invalid: [[{ type: "URLRewrite" }, { type: "RequestRedirect" }]],
  });

  check("path value must be an absolute path for Exact/PathPrefix", {
    rule: "(self.type in ['Exact','PathPrefix']) ? self.value.startsWith('/') : true",
    valid: [{ type: "PathPrefix", value: "/api" }, { type: "RegularExpression", value: ".*" }],
    invalid: [{ type: "Exact", value: "api" }],
  });

  check("path value must only contain valid characters (raw triple-quoted regex)", {
    rule: `(self.type in ['Exact','PathPrefix']) ? self.value.matches(r"""^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$""") : true`,
    valid: [{ type: "Exact", value: "/a/b%20c/~x" }, { type: "RegularExpression", value: "/a b" }],
    invalid: [{ type: "Exact", value: "/a b" }, { type: "PathPrefix", value: "/%zz" }],
  });

  check("replaceFullPath must be specified when type is ReplaceFullPath", {
    rule: "self.type == 'ReplaceFullPath' ? has(self.replaceFullPath) : true",
    valid: [{ type: "ReplaceFullPath", replaceFullPath: "/x" }, { type: "ReplacePrefixMatch", replacePrefixMatch: "/" }],
    invalid: [{ type: "ReplaceFullPath" }],
  });

  check("Must have port for Service reference", {
    rule: "(size(self.group) == 0 && self.kind == 'Service') ? has(self.port) : true",
    valid: [{ group: "", kind: "Service", name: "s", port: 80 }, { group: "example.com", kind: "Thing", name: "t" }],
    invalid: [{ group: "", kind: "Service", name: "s" }],
  });

  check("RequestRedirect filter must not be used together with backendRefs", {
    rule: "(has(self.backendRefs) && size(self.backendRefs) > 0) ? (!has(self.filters) || self.filters.all(f, !has(f.requestRedirect))): true",
    valid: [{ backendRefs: [{ name: "a" }], filters: [{ type: "URLRewrite", urlRewrite: {} }] }, { filters: [{ requestRedirect: {} }] }],
    invalid: [{ backendRefs: [{ name: "a" }], filters: [{ type: "RequestRedirect", requestRedirect: {} }] }],
  });

  check("exactly one PathPrefix match with replacePrefixMatch (indexing, nested exists_one)", {
    rule:
      "(has(self.filters) && self.filters.exists_one(f, has(f.urlRewrite) && has(f.urlRewrite.path) && f.urlRewrite.path.type == 'ReplacePrefixMatch' && has(f.urlRewrite.path.replacePrefixMatch))) ? ((size(self.matches) != 1 || !has(self.matches[0].path) || self.matches[0].path.type != 'PathPrefix') ? false : true) : true",
    valid: [
      {
        filters: [{ type: "URLRewrite", urlRewrite: { path: { type: "ReplacePrefixMatch", replacePrefixMatch: "/new" } } }],
        matches: [{ path: { type: "PathPrefix", value: "/old" } }],
      },
      { matches: [] },
    ],
    invalid: [
      {
        filters: [{ type: "URLRewrite", urlRewrite: { path: { type: "ReplacePrefixMatch", replacePrefixMatch: "/new" } } }],
        matches: [{ path: { type: "Exact", value: "/old" } }],
      },
    ],
  });

  check("total number of matches across rules (guarded indexing)", {
    rule:
      "(self.size() > 0 ? self[0].matches.size() : 0) + (self.size() > 1 ? self[1].matches.size() : 0) + (self.size() > 2 ? self[2].matches.size() : 0) <= 4",
    valid: [[], [{ matches: [1, 2] }, { matches: [3, 4] }]],
    invalid: [[{ matches: [1, 2] }, { matches: [3, 4] }, { matches: [5] }]],
  });

  check("backendRequest timeout cannot be longer than request timeout (durations)", {
    rule: "!(has(self.request) && has(self.backendRequest) && duration(self.request) != duration('0s') && duration(self.backendRequest) > duration(self.request))",
    valid: [{ request: "10s", backendRequest: "5s" }, { request: "0s", backendRequest: "1h" }, { backendRequest: "1m" }],
    invalid: [{ request: "10s", backendRequest: "1m" }],
  });

  check("parentRefs must be unique (escaped __namespace__ property)", {
    rule:
      "self.all(p1, self.exists_one(p2, p1.group == p2.group && p1.kind == p2.kind && p1.name == p2.name && (((!has(p1.__namespace__) || p1.__namespace__ == '') && (!has(p2.__namespace__) || p2.__namespace__ == '')) || (has(p1.__namespace__) && has(p2.__namespace__) && p1.__namespace__ == p2.__namespace__ )) && (((!has(p1.sectionName) || p1.sectionName == '') && (!has(p2.sectionName) || p2.sectionName == '')) || (has(p1.sectionName) && has(p2.sectionName) && p1.sectionName == p2.sectionName))))",
    valid: [
      [
        { group: "gateway.networking.k8s.io", kind: "Gateway", name: "gw", namespace: "a" },
        { group: "gateway.networking.k8s.io", kind: "Gateway", name: "gw", namespace: "b" },
      ],
      [
        { group: "gateway.networking.k8s.io", kind: "Gateway", name: "gw", sectionName: "http" },
        { group: "gateway.networking.k8s.io", kind: "Gateway", name: "gw", sectionName: "https" },
      ],
    ],
    invalid: [
      [
        { group: "gateway.networking.k8s.io", kind: "Gateway", name: "gw", namespace: "a" },
        { group: "gateway.networking.k8s.io", kind: "Gateway", name: "gw", namespace: "a" },
      ],
      [
        { group: "gateway.networking.k8s.io", kind: "Gateway", name: "gw" },
        { group: "gateway.networking.k8s.io", kind: "Gateway", name: "gw", namespace: "" },
      ],
    ],
  });

  check("numerator must be less than or equal to denominator", {
    rule: "self.numerator <= self.denominator",
    valid: [{ numerator: 1, denominator: 100 }],
    invalid: [{ numerator: 101, denominator: 100 }],
  });
});

describe("Gateway API: Gateway", () => {
  const listeners = (...ls: object[]): object[] => ls;

  check("Listener name must be unique within the Gateway", {
    rule: "self.all(l1, self.exists_one(l2, l1.name == l2.name))",
    valid: [listeners({ name: "a" }, { name: "b" })],
    invalid: [listeners({ name: "a" }, { name: "a" })],
  });

  check("Combination of port, protocol and hostname must be unique for each listener", {
    rule:
      "self.all(l1, self.exists_one(l2, l1.port == l2.port && l1.protocol == l2.protocol && (has(l1.hostname) && has(l2.hostname) ? l1.hostname == l2.hostname : !has(l1.hostname) && !has(l2.hostname))))",
    valid: [
      listeners(
        { name: "a", port: 80, protocol: "HTTP", hostname: "a.example.com" },
        { name: "b", port: 80, protocol: "HTTP", hostname: "b.example.com" },
        { name: "c", port: 80, protocol: "HTTP" },
      ),
    ],
    invalid: [listeners({ name: "a", port: 80, protocol: "HTTP" }, { name: "b", port: 80, protocol: "HTTP" })],
  });

  check("tls must not be specified for HTTP, TCP, UDP", {
    rule: "self.all(l, l.protocol in ['HTTP', 'TCP', 'UDP'] ? !has(l.tls) : true)",
    valid: [listeners({ protocol: "HTTPS", tls: {} }, { protocol: "HTTP" })],
    invalid: [listeners({ protocol: "TCP", tls: {} })],
  });

  check("tls mode must be Terminate for protocol HTTPS", {
    rule: "self.all(l, (l.protocol == 'HTTPS' && has(l.tls)) ? (l.tls.mode == '' || l.tls.mode == 'Terminate') : true)",
    valid: [listeners({ protocol: "HTTPS", tls: { mode: "Terminate" } }, { protocol: "TLS", tls: { mode: "Passthrough" } })],
    invalid: [listeners({ protocol: "HTTPS", tls: { mode: "Passthrough" } })],
  });

  check("hostname must not be specified for TCP and UDP", {
    rule: "self.all(l, l.protocol in ['TCP', 'UDP']  ? (!has(l.hostname) || l.hostname == '') : true)",
    valid: [listeners({ protocol: "TCP", hostname: "" }, { protocol: "HTTP", hostname: "x" })],
    invalid: [listeners({ protocol: "UDP", hostname: "x" })],
  });

  check("IPAddress values must be unique", {
    rule: "self.all(a1, a1.type == 'IPAddress' && has(a1.value) ? self.exists_one(a2, a2.type == a1.type && has(a2.value) && a2.value == a1.value) : true )",
    valid: [[{ type: "IPAddress", value: "10.0.0.1" }, { type: "IPAddress", value: "10.0.0.2" }, { type: "Hostname", value: "10.0.0.1" }]],
    invalid: [[{ type: "IPAddress", value: "10.0.0.1" }, { type: "IPAddress", value: "10.0.0.1" }]],
  });

  check("Hostname address must only contain valid characters", {
    rule: `self.type == 'Hostname' ? self.value.matches(r"""^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"""): true`,
    valid: [{ type: "Hostname", value: "*.example.com" }, { type: "IPAddress", value: "::1" }],
    invalid: [{ type: "Hostname", value: "Example.com" }, { type: "Hostname", value: "a..b" }],
  });

  check("Hostnames cannot contain an IP (isIP)", {
    rule: "self.all(h, !isIP(h))",
    valid: [["example.com", "1.2.3"]],
    invalid: [["example.com", "10.0.0.1"], ["::1"]],
  });

  check("Wildcard hostnames (substring + regex with escaped dot)", {
    rule: "self.all(h, h.contains('*') ? (h.startsWith('*.') && h.substring(2).matches('^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)$')) : true)",
    valid: [["*.example.com", "foo.bar"]],
    invalid: [["*example.com"], ["*.exa_mple.com"], ["*.*.example.com"]],
  });

  check("AllowOrigins cannot contain '*' alongside other origins", {
    rule: "!('*' in self && self.size() > 1)",
    valid: [["*"], ["https://a", "https://b"]],
    invalid: [["*", "https://a"]],
  });

  check("Label keys (raw regex with {0,61})", {
    rule: `self.all(key, key.matches(r"""^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]$"""))`,
    valid: [{ app: "x", "example.com/tier": "y" }],
    invalid: [{ "-bad": "x" }, { "Example.com/x": "y" }],
  });
});

describe("Kubernetes documentation examples", () => {
  check("replicas within bounds", {
    rule: "self.minReplicas <= self.replicas && self.replicas <= self.maxReplicas",
    valid: [{ minReplicas: 1, replicas: 2, maxReplicas: 3 }],
    invalid: [{ minReplicas: 1, replicas: 5, maxReplicas: 3 }],
  });

  check("key in map", {
    rule: "'Available' in self.stateCounts",
    valid: [{ stateCounts: { Available: 1 } }],
    invalid: [{ stateCounts: { Pending: 1 } }],
  });

  check("exactly one of two lists non-empty", {
    rule: "(size(self.list1) == 0) != (size(self.list2) == 0)",
    valid: [{ list1: [1], list2: [] }],
    invalid: [{ list1: [], list2: [] }, { list1: [1], list2: [2] }],
  });

  check("map value matches when key present", {
    rule: "!('MY_KEY' in self.map1) || self['map1']['MY_KEY'].matches('^[a-zA-Z]*$')",
    valid: [{ map1: { OTHER: "1" } }, { map1: { MY_KEY: "abc" } }],
    invalid: [{ map1: { MY_KEY: "a1" } }],
  });

  check("int-or-string (type switch)", {
    rule: "type(self) == string ? self == '99%' : self == 42",
    valid: ["99%", 42],
    invalid: ["50%", 7],
  });

  check("ternary on size", {
    rule: "self.size() <= 16 ? true : false",
    valid: [[], Array.from({ length: 16 }, (_, i) => i)],
    invalid: [Array.from({ length: 17 }, (_, i) => i)],
  });

  check("port is not zero when present", {
    rule: "!(has(self.port) && self.port == 0)",
    valid: [{}, { port: 8080 }],
    invalid: [{ port: 0 }],
  });

  check("all names non-empty", {
    rule: "self.all(f, f.name != '' )",
    valid: [[{ name: "a" }], []],
    invalid: [[{ name: "a" }, { name: "" }]],
  });

  check("timestamp arithmetic on date-time fields", {
    rule: "has(self.expired) && self.created + self.ttl < self.expired",
    hints: { self: (p) => (p[0] === "ttl" ? "duration" : p[0] === "created" || p[0] === "expired" ? "timestamp" : undefined) },
    valid: [{ created: "2023-01-01T00:00:00Z", ttl: "1h", expired: "2023-01-01T02:00:00Z" }],
    invalid: [{ created: "2023-01-01T00:00:00Z", ttl: "3h", expired: "2023-01-01T02:00:00Z" }, { created: "2023-01-01T00:00:00Z", ttl: "1h" }],
  });

  check("double fields compare with int literals", {
    rule: "self.ratio >= 0 && self.ratio <= 1",
    hints: { self: () => "double" },
    valid: [{ ratio: 0.5 }, { ratio: 1 }],
    invalid: [{ ratio: 1.5 }],
  });
});

describe("transition rules", () => {
  check("Value is immutable", {
    rule: "self == oldSelf",
    valid: [],
    invalid: [],
    transitions: {
      ok: [
        ["a", "a"],
        [{ x: [1, { y: 2 }] }, { x: [1, { y: 2 }] }],
      ],
      bad: [
        ["a", "b"],
        [{ x: [1] }, { x: [1, 2] }],
      ],
    },
  });

  check("replicas may not decrease", {
    rule: "self.replicas >= oldSelf.replicas",
    valid: [],
    invalid: [],
    transitions: { ok: [[{ replicas: 3 }, { replicas: 2 }]], bad: [[{ replicas: 1 }, { replicas: 2 }]] },
  });

  check("required once set", {
    rule: "!has(oldSelf.apiServer) || has(self.apiServer)",
    valid: [],
    invalid: [],
    transitions: { ok: [[{}, {}], [{ apiServer: {} }, { apiServer: {} }], [{ apiServer: {} }, {}]], bad: [[{}, { apiServer: {} }]] },
  });

  check("write-once field", {
    rule: "!has(oldSelf.requestRef) ? !has(self.requestRef) : has(self.requestRef) && self.requestRef == oldSelf.requestRef",
    valid: [],
    invalid: [],
    transitions: {
      ok: [
        [{}, {}],
        [{ requestRef: { name: "a" } }, { requestRef: { name: "a" } }],
      ],
      bad: [
        [{ requestRef: { name: "a" } }, {}],
        [{ requestRef: { name: "b" } }, { requestRef: { name: "a" } }],
      ],
    },
  });

  check("revoked cannot be changed from true", {
    rule: "!has(oldSelf.revoked) || !oldSelf.revoked || (has(self.revoked) && self.revoked)",
    valid: [],
    invalid: [],
    transitions: { ok: [[{ revoked: true }, { revoked: true }], [{}, { revoked: false }]], bad: [[{ revoked: false }, { revoked: true }], [{}, { revoked: true }]] },
  });
});
