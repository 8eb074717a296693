/**
 * A pod's volumes on the node, under <podsDir>/<uid>/volumes/kubernetes.io~<plugin>/<name>:
 * emptyDir (a directory, or a tmpfs for medium Memory sized by sizeLimit), secret
 * (a tmpfs where the node can mount one), configMap, downwardAPI and projected
 * (atomic-writer projections, refreshed on every sync), hostPath (type-checked as
 * upstream). Errors carry upstream's "MountVolume.SetUp failed" wording.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { Quantity } from "../../api/quantity/index.ts";
import type { Container, Pod, Volume } from "../api/types.ts";
import type { ObjectGetter } from "../container/env.ts";
import type { PodRuntimeInfo } from "../container/fieldref.ts";
import { libc } from "../platform/libc.ts";
import { mountsUnder, safeRemoveDir, teardownContainerMounts } from "../runtime/process/mounts.ts";
import type { Mount } from "../runtime/runtime.ts";
import { writeProjection } from "./atomic-writer.ts";
import { projectedFiles } from "./sources.ts";

export class VolumeSetupError extends Error {
  constructor(
    readonly volume: string,
    readonly detail: string,
  ) {
    super(`MountVolume.SetUp failed for volume "${volume}" : ${detail}`);
  }
}

export interface VolumeManagerOptions {
  podsDir: string;
  getter: ObjectGetter;
  /** Mount tmpfs for memory emptyDirs and secrets (needs root); otherwise plain directories. */
  tmpfs?: boolean;
}

export interface PreparedVolume {
  hostPath: string;
  /** configMap, secret, downwardAPI and projected are always mounted read-only. */
  readOnly: boolean;
}

function pluginOf(v: Volume): string {
  if (v.emptyDir) return "empty-dir";
  if (v.secret) return "secret";
  if (v.configMap) return "configmap";
  if (v.downwardAPI) return "downward-api";
  if (v.projected) return "projected";
  if (v.hostPath) return "host-path";
  if (v.persistentVolumeClaim) return "pvc";
  return "unknown";
}

export class VolumeManager {
  constructor(private readonly opts: VolumeManagerOptions) {}

  podDir(uid: string): string {
    return join(this.opts.podsDir, uid);
  }

  private volumeDir(uid: string, v: Volume): string {
    return join(this.podDir(uid), "volumes", `kubernetes.io~${pluginOf(v)}`, v.name);
  }

  private mountTmpfs(dir: string, sizeBytes: number | undefined, mode: number): void {
    if (!this.opts.tmpfs || mountsUnder(dir).includes(dir)) return;
    const sys = libc();
    if (!sys) return;
    sys.mount("tmpfs", dir, "tmpfs", 0, `mode=${mode.toString(8)}${sizeBytes ? `,size=${sizeBytes}` : ""}`);
  }

  /** Creates or refreshes every volume of the pod. */
  async setUp(pod: Pod, info: PodRuntimeInfo): Promise<Map<string, PreparedVolume>> {
    const uid = pod.metadata.uid ?? "";
    const out = new Map<string, PreparedVolume>();
    for (const v of pod.spec.volumes ?? []) {
      try {
        out.set(v.name, await this.setUpOne(pod, uid, v, info));
      } catch (e) {
        if (e instanceof VolumeSetupError) throw e;
        throw new VolumeSetupError(v.name, (e as Error).message);
      }
    }
    return out;
  }

  private async setUpOne(pod: Pod, uid: string, v: Volume, info: PodRuntimeInfo): Promise<PreparedVolume> {
    if (v.hostPath) return { hostPath: checkHostPath(v.hostPath.path, v.hostPath.type ?? ""), readOnly: false };
    if (v.persistentVolumeClaim) throw new VolumeSetupError(v.name, `persistentVolumeClaim "${v.persistentVolumeClaim.claimName}" volumes are not supported by this kubelet`);
    const dir = this.volumeDir(uid, v);
    mkdirSync(dir, { recursive: true });
    if (v.emptyDir) {
      if (v.emptyDir.medium === "Memory") {
        const size = v.emptyDir.sizeLimit !== undefined ? Quantity.parse(v.emptyDir.sizeLimit).value() : Quantity.parse(info.allocatable.memory).value();
        this.mountTmpfs(dir, size, 0o777);
      }
      chmodSync(dir, 0o777);
      return { hostPath: dir, readOnly: false };
    }
    if (v.secret) this.mountTmpfs(dir, undefined, 0o755);
    const files = await projectedFiles(pod, v, info, this.opts.getter);
    if (!files) throw new VolumeSetupError(v.name, "unsupported volume type");
    writeProjection(dir, files);
    return { hostPath: dir, readOnly: true };
  }

  /** Unmounts and removes everything the pod had on the node (not hostPaths). */
  tearDown(uid: string): void {
    const dir = this.podDir(uid);
    if (!existsSync(dir)) return;
    teardownContainerMounts(dir);
    safeRemoveDir(dir);
  }
}

/** The bind mounts of a container from its volumeMounts (subPath directories are created). */
export function containerMounts(c: Container, volumes: Map<string, PreparedVolume>): Mount[] {
  const out: Mount[] = [];
  for (const m of c.volumeMounts ?? []) {
    const v = volumes.get(m.name);
    if (!v) throw new Error(`unable to find volume "${m.name}" for container "${c.name}"`);
    let hostPath = v.hostPath;
    if (m.subPath) {
      if (m.subPath.startsWith("/") || m.subPath.split("/").includes("..")) throw new Error(`invalid subPath "${m.subPath}"`);
      hostPath = join(v.hostPath, m.subPath);
      if (!existsSync(hostPath)) mkdirSync(hostPath, { recursive: true, mode: 0o777 });
    }
    out.push({ hostPath, containerPath: m.mountPath, readOnly: m.readOnly === true || v.readOnly });
  }
  return out;
}

const TYPE_CHECKS: Record<string, (st: import("node:fs").Stats) => boolean> = {
  Directory: (st) => st.isDirectory(),
  File: (st) => st.isFile(),
  Socket: (st) => st.isSocket(),
  CharDevice: (st) => st.isCharacterDevice(),
  BlockDevice: (st) => st.isBlockDevice(),
};

const TYPE_NOUN: Record<string, string> = { Directory: "directory", File: "file", Socket: "socket", CharDevice: "character device", BlockDevice: "block device" };

/** hostPath type semantics (upstream hostpath plugin checkType). */
export function checkHostPath(path: string, type: string): string {
  switch (type) {
    case "":
      return path;
    case "DirectoryOrCreate":
      if (!existsSync(path)) mkdirSync(path, { recursive: true, mode: 0o755 });
      else if (!statSync(path).isDirectory()) throw new Error(`hostPath type check failed: ${path} is not a directory`);
      return path;
    case "FileOrCreate":
      if (!existsSync(path)) {
        mkdirSync(dirname(path), { recursive: true });
        closeSync(openSync(path, "a", 0o644));
      } else if (!statSync(path).isFile()) throw new Error(`hostPath type check failed: ${path} is not a file`);
      return path;
    default: {
      const check = TYPE_CHECKS[type];
      if (!check) throw new Error(`hostPath type ${type} is not supported`);
      if (!existsSync(path) || !check(statSync(path))) throw new Error(`hostPath type check failed: ${path} is not a ${TYPE_NOUN[type]}`);
      return path;
    }
  }
}

