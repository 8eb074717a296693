/**
 * The argv a container runs, as upstream's kuberuntime: `command` replaces the image's
 * ENTRYPOINT (and then its CMD is dropped), `args` replaces CMD; $(VAR) references
 * are expanded from the container's environment.
 */
import type { Container } from "../api/types.ts";
import type { ImageRunConfig } from "../images/oci.ts";
import { expand } from "./expand.ts";

export class NoCommandError extends Error {
  constructor() {
    super("no command specified");
  }
}

export function containerArgv(c: Container, image: ImageRunConfig | undefined, env: Map<string, string>): string[] {
  let command: string[];
  let args: string[];
  if (c.command && c.command.length > 0) {
    command = c.command;
    args = c.args ?? [];
  } else {
    command = image?.Entrypoint ?? [];
    args = c.args && c.args.length > 0 ? c.args : (image?.Cmd ?? []);
  }
  const lookup = (n: string) => env.get(n);
  const argv = [...command.map((s) => expand(s, lookup)), ...args.map((s) => expand(s, lookup))];
  if (argv.length === 0) throw new NoCommandError();
  return argv;
}

/** The working directory: the container's, else the image's, else "/". */
export function containerWorkingDir(c: Container, image: ImageRunConfig | undefined): string {
  return c.workingDir || image?.WorkingDir || "/";
}

/**
 * The user from runAsUser/runAsGroup (container over pod), else the image's USER
 * when numeric ("uid" or "uid:gid"). Named users are resolved from the image's
 * /etc/passwd by the caller, which passes `lookupUser`.
 */
export function containerUser(
  c: Container,
  podSc: { runAsUser?: number; runAsGroup?: number } | undefined,
  image: ImageRunConfig | undefined,
  lookupUser?: (name: string) => { uid: number; gid: number } | undefined,
): { uid?: number; gid?: number } {
  let uid = c.securityContext?.runAsUser ?? podSc?.runAsUser;
  let gid = c.securityContext?.runAsGroup ?? podSc?.runAsGroup;
  if (uid === undefined && image?.User) {
    const [u, g] = image.User.split(":");
    if (u && /^\d+$/.test(u)) uid = Number(u);
    else if (u && lookupUser) {
      const found = lookupUser(u);
      if (found) {
        uid = found.uid;
        gid ??= found.gid;
      }
    }
    if (gid === undefined && g && /^\d+$/.test(g)) gid = Number(g);
  }
  const out: { uid?: number; gid?: number } = {};
  if (uid !== undefined) out.uid = uid;
  if (gid !== undefined || uid !== undefined) out.gid = gid ?? 0;
  return out;
}
