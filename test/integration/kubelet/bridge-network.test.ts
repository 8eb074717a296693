/** Pods on a bridge network: their own addresses, reachable from each other and from the node. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importImage } from "../../../src/kubelet/images/import.ts";
import { openNodeImages } from "../../../src/kubelet/images/node-images.ts";
import { NullCgroupManager } from "../../../src/kubelet/platform/cgroup/null.ts";
import { BridgeNetwork, parseCidr, ipString } from "../../../src/kubelet/runtime/bridge.ts";
import { ProcessRuntime } from "../../../src/kubelet/runtime/process/runtime.ts";
import { findHostTools } from "../../../src/kubelet/runtime/process/tools.ts";
import { sandboxConfig } from "../../unit/kubelet/runtime/contract.ts";
import { buildBusyboxImage, haveBusybox } from "./fixtures/busybox-image.ts";

const enabled = process.getuid?.() === 0 && haveBusybox() && findHostTools().ip !== null;

describe("CIDR helpers", () => {
  test("parse and format", () => {
    expect(parseCidr("10.42.3.7/24")).toEqual({ base: (10 << 24) + (42 << 16) + (3 << 8), prefix: 24 });
    expect(ipString(parseCidr("192.168.1.0/24").base + 1)).toBe("192.168.1.1");
    expect(() => parseCidr("10.0.0.0")).toThrow();
    expect(() => parseCidr("300.0.0.0/24")).toThrow();
  });
});

describe.skipIf(!enabled)("bridge network", () => {
  let dir: string;
  let rt: ProcessRuntime;
  let net: BridgeNetwork;
  const cidr = `10.251.${process.pid % 200}.0/24`;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "kubun-bridge-"));
    const images = openNodeImages(dir);
    await buildBusyboxImage(join(dir, "bb.tar"));
    await importImage(images.store, join(dir, "bb.tar"));
    net = new BridgeNetwork({ cidr, bridge: `kt${process.pid % 100000}`, stateDir: join(dir, "ipam"), ip: findHostTools().ip! });
    await net.init();
    rt = await ProcessRuntime.open({ root: join(dir, "agent"), images, cgroups: new NullCgroupManager(), network: net });
  });
  afterAll(async () => {
    await rt?.close();
    await net?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  test("two pods get distinct addresses; node and pods reach a pod's httpd; addresses are released", async () => {
    const a = await rt.runSandbox(sandboxConfig());
    const b = await rt.runSandbox(sandboxConfig());
    const ipA = (await rt.sandboxStatus(a))!.ip!;
    const ipB = (await rt.sandboxStatus(b))!.ip!;
    expect(ipA).toMatch(/^10\.251\.\d+\.2$/);
    expect(ipB).toMatch(/^10\.251\.\d+\.3$/);
    const web = await rt.createContainer(a, { name: "web", attempt: 0, image: "kubun.test/busybox:1.35", argv: ["httpd", "-f", "-p", "8080", "-h", "/var/www"], env: [], mounts: [], logPath: join(dir, "web.log"), limits: {} });
    await rt.startContainer(web);
    let body = "";
    for (let i = 0; i < 50 && body === ""; i++) {
      try {
        body = await (await fetch(`http://${ipA}:8080/index.html`)).text();
      } catch {
        await Bun.sleep(50);
      }
    }
    expect(body).toBe("hello from busybox httpd\n");
    const client = await rt.createContainer(b, { name: "cli", attempt: 0, image: "kubun.test/busybox:1.35", argv: ["sh", "-c", `ip -4 -o addr show eth0 | awk '{print $4}'; wget -q -O - http://${ipA}:8080/index.html`], env: [], mounts: [], logPath: join(dir, "cli.log"), limits: {} });
    await rt.startContainer(client);
    for (let i = 0; i < 200 && (await rt.containerStatus(client))?.state !== "exited"; i++) await Bun.sleep(20);
    const out = readFileSync(join(dir, "cli.log"), "utf8").split("\n").filter(Boolean).map((l) => l.split(" ").slice(3).join(" "));
    expect(out).toEqual([`${ipB}/24`, "hello from busybox httpd"]);
    await rt.removeSandbox(a);
    const c = await rt.runSandbox(sandboxConfig());
    expect((await rt.sandboxStatus(c))!.ip).toBe(ipA);
  });
});
