import { describe, expect, test } from "bun:test";
import { parseChallenges } from "../../../../src/kubelet/images/registry/challenge.ts";
import { defaultEndpoint } from "../../../../src/kubelet/images/registry/client.ts";
import { credentialsFromSecrets, matchCredentials, parseDockerConfig } from "../../../../src/kubelet/images/registry/credentials.ts";

describe("parseChallenges", () => {
  test("docker hub bearer", () => {
    expect(parseChallenges('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/busybox:pull"')).toEqual([
      { scheme: "bearer", params: { realm: "https://auth.docker.io/token", service: "registry.docker.io", scope: "repository:library/busybox:pull" } },
    ]);
  });
  test("basic and several challenges, unquoted and escaped values", () => {
    expect(parseChallenges('Basic realm="a \\"b\\"", Bearer realm=https://x/t, error=invalid_token')).toEqual([
      { scheme: "basic", params: { realm: 'a "b"' } },
      { scheme: "bearer", params: { realm: "https://x/t", error: "invalid_token" } },
    ]);
  });
  test("empty", () => expect(parseChallenges("")).toEqual([]));
});

describe("credentials", () => {
  const cfg = {
    auths: {
      "https://index.docker.io/v1/": { auth: Buffer.from("hub:pw").toString("base64") },
      "registry.example.com": { username: "u1", password: "p1" },
      "registry.example.com/team": { username: "u2", password: "p2" },
      "*.corp.io": { auth: Buffer.from("wild:pw:with:colons").toString("base64") },
      "localhost:5000": { identitytoken: "idt" },
    },
  };
  const entries = parseDockerConfig(JSON.stringify(cfg));

  test("auth field decodes user and password (password may hold colons)", () => {
    expect(matchCredentials(entries, "x.corp.io", "a/b")).toEqual([{ username: "wild", password: "pw:with:colons" }]);
  });
  const cases: Array<[string, string, string[]]> = [
    ["docker.io", "library/busybox", ["hub"]],
    ["registry.example.com", "team/app", ["u2", "u1"]],
    ["registry.example.com", "teamx/app", ["u1"]],
    ["a.b.corp.io", "x", []],
    ["localhost:5000", "x", [undefined as unknown as string]],
    ["localhost", "x", []],
    ["other.io", "x", []],
  ];
  for (const [domain, path, users] of cases)
    test(`${domain}/${path}`, () => expect(matchCredentials(entries, domain, path).map((a) => a.username)).toEqual(users));

  test("from secrets: dockerconfigjson and legacy dockercfg; garbage ignored", () => {
    const s1 = { type: "kubernetes.io/dockerconfigjson", data: { ".dockerconfigjson": Buffer.from(JSON.stringify(cfg)).toString("base64") } };
    const s2 = { type: "kubernetes.io/dockercfg", data: { ".dockercfg": Buffer.from(JSON.stringify({ "q.io": { username: "l", password: "m" } })).toString("base64") } };
    const s3 = { type: "kubernetes.io/dockerconfigjson", data: { ".dockerconfigjson": Buffer.from("{not json").toString("base64") } };
    const all = credentialsFromSecrets([s1, s2, s3]);
    expect(all).toHaveLength(6);
    expect(matchCredentials(all, "q.io", "r")).toEqual([{ username: "l", password: "m" }]);
  });
});

describe("defaultEndpoint", () => {
  const cases: Array<[string, string]> = [
    ["docker.io", "https://registry-1.docker.io"],
    ["ghcr.io", "https://ghcr.io"],
    ["localhost:5000", "http://localhost:5000"],
    ["127.0.0.1:5000", "http://127.0.0.1:5000"],
    ["[::1]:5000", "http://[::1]:5000"],
  ];
  for (const [d, want] of cases) test(d, () => expect(defaultEndpoint(d)).toBe(want));
  test("configured endpoint wins", () => expect(defaultEndpoint("ghcr.io", { "ghcr.io": { endpoint: "http://mirror:80/" } })).toBe("http://mirror:80"));
});
