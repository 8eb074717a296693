/**
 * Built-in admission with the real kubectl: `kubectl create quota` limits what the
 * namespace may hold and kubectl shows upstream's refusal; a LimitRange applied from YAML
 * gives pods their defaults and refuses a pod over its maximum; a namespace labelled for
 * Pod Security refuses a privileged pod and kubectl prints the warning for a workload.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Cluster } from "../../helpers/cluster.ts";
import { fails, ok, startApiCluster } from "./kubectl.ts";

let c: Cluster;
beforeAll(async () => {
  c = await startApiCluster();
  await ok(c, ["create", "namespace", "bounded"]);
});
afterAll(async () => {
  await c?.stop();
});

test("a quota's object count refuses the create past it", async () => {
  await ok(c, ["create", "quota", "few", "-n", "bounded", "--hard=count/secrets=2"]);
  await ok(c, ["create", "secret", "generic", "s1", "-n", "bounded", "--from-literal=a=b"]);
  await ok(c, ["create", "secret", "generic", "s2", "-n", "bounded", "--from-literal=a=b"]);
  const refused = await fails(c, ["create", "secret", "generic", "s3", "-n", "bounded", "--from-literal=a=b"]);
  expect(refused).toContain('secrets "s3" is forbidden: exceeded quota: few, requested: count/secrets=1, used: count/secrets=2, limited: count/secrets=2');
});

test("a LimitRange's defaults reach pods, and its maximum refuses a pod over it", async () => {
  const limits = ["apiVersion: v1", "kind: LimitRange", "metadata:", "  name: mem", "spec:", "  limits:", "  - type: Container", "    max:", "      memory: 256Mi"].join("\n");
  await ok(c, ["apply", "-n", "bounded", "-f", "-"], limits);
  await ok(c, ["run", "small", "-n", "bounded", "--image=busybox", "--restart=Never"]);
  expect(await ok(c, ["get", "pod", "small", "-n", "bounded", "-o", "jsonpath={.spec.containers[0].resources.limits.memory}"])).toBe("256Mi");
  const big = await fails(c, ["run", "big", "-n", "bounded", "--image=busybox", "--restart=Never", "--overrides", '{"spec":{"containers":[{"name":"big","image":"busybox","resources":{"limits":{"memory":"1Gi"}}}]}}']);
  expect(big).toContain('pods "big" is forbidden: maximum memory usage per Container is 256Mi, but limit is 1Gi');
});

test("Pod Security labels: kubectl shows the refusal of a pod and the warning for a Deployment", async () => {
  await ok(c, ["create", "namespace", "secure"]);
  await ok(c, ["label", "namespace", "secure", "pod-security.kubernetes.io/enforce=baseline"]);
  const refused = await fails(c, ["run", "root", "-n", "secure", "--image=busybox", "--restart=Never", "--overrides", '{"spec":{"hostPID":true}}']);
  expect(refused).toContain('pods "root" is forbidden: violates PodSecurity "baseline:latest": host namespaces (hostPID=true)');
  await ok(c, ["label", "namespace", "secure", "pod-security.kubernetes.io/warn=restricted"]);
  const warned = await c.kubectl(["create", "deployment", "web", "-n", "secure", "--image=busybox"]);
  expect(warned.code).toBe(0);
  expect(warned.stderr).toContain('Warning: would violate PodSecurity "restricted:latest": allowPrivilegeEscalation != false');
});
