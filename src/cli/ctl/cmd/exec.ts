/**
 * `exec POD [-c C] [-i] [-t] -- COMMAND...`: runs a command in a container over the
 * WebSocket channel protocol and exits with the command's exit code, printing
 * `command terminated with exit code N` as kubectl does.
 */
import { ApiError, resourcePath } from "../../../client/index.ts";
import { type CtlFlag, CtlUsageError, flagBool, flagString } from "../args.ts";
import { CtlError } from "../errors.ts";
import { runChannelStream } from "../exec/channel.ts";
import type { Session } from "../session.ts";
import { defaultContainer, resolvePod } from "./logs.ts";

export const EXEC_FLAGS: CtlFlag[] = [
  { name: "container", short: "c", type: "string", help: "The container to run the command in" },
  { name: "stdin", short: "i", type: "boolean", help: "Pass standard input to the command" },
  { name: "tty", short: "t", type: "boolean", help: "Allocate a terminal (standard error goes to standard output)" },
  { name: "quiet", short: "q", type: "boolean", help: "Print only the command's output" },
];

export async function runExec(s: Session, args: string[], dashAt: number): Promise<void> {
  const target = args[0];
  if (!target) throw new CtlUsageError("pod, type/name or --filename must be specified");
  const command = args.slice(Math.max(1, dashAt));
  if (command.length === 0) throw new CtlUsageError("you must specify at least one command for the container");
  const pod = await resolvePod(s, target);
  const phase = pod.status?.phase;
  if (phase === "Succeeded" || phase === "Failed") throw new CtlError(`cannot exec into a container in a completed pod; current phase is ${phase}`);
  const quiet = flagBool(s.args, "quiet");
  const container = flagString(s.args, "container") ?? (quiet ? (pod.spec?.containers?.[0]?.name ?? "") : defaultContainer(s, pod));
  const tty = flagBool(s.args, "tty");
  const stdin = flagBool(s.args, "stdin");
  if (tty && !stdin && !quiet) s.io.err("Unable to use a TTY - input is not a terminal or the right kind of file\n");
  const query = new URLSearchParams();
  for (const c of command) query.append("command", c);
  query.set("container", container);
  if (stdin) query.set("stdin", "true");
  query.set("stdout", "true");
  if (!tty) query.set("stderr", "true");
  if (tty && stdin) query.set("tty", "true");
  const podsRi = s.client.pods().info;
  const path = resourcePath(podsRi, pod.metadata.namespace ?? s.namespace, pod.metadata.name, "exec");
  const result = await runChannelStream(s.config, path, query, s.io, { stdin, tty: tty && stdin });
  if (result.upgradeFailed) {
    // The WebSocket API hides the refusal's body: ask again over plain HTTP to read the Status.
    try {
      await s.client.http.request({ method: "POST", path, query: Object.fromEntries([...query].filter(([k]) => k !== "command")) });
    } catch (err) {
      if (err instanceof ApiError) throw err;
      throw new CtlError(`unable to upgrade connection: ${err instanceof Error ? err.message : String(err)}`);
    }
    throw new CtlError(`unable to upgrade connection: ${result.upgradeFailed}`);
  }
  const st = result.status;
  if (!st || st.status === "Success") return;
  if (st.reason === "NonZeroExitCode") {
    const code = Number(st.details?.causes?.find((c) => c.reason === "ExitCode")?.message ?? "1");
    if (!quiet) s.io.err(`command terminated with exit code ${code}\n`);
    s.exitCode = Number.isInteger(code) && code > 0 ? code : 1;
    return;
  }
  throw new CtlError(st.message ?? "the command failed");
}
