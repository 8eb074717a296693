/**
 * `logs POD|TYPE/NAME [CONTAINER] [-c C] [-f] [--tail N] [-p]`: streams pods/log.
 * Picks the container as kubectl does (the only one, the default-container
 * annotation, else the first, saying so) and, for a workload, its first pod.
 */
import { selectorFromLabelSelector } from "../../../api/labels/index.ts";
import type { KubeObject } from "../../../api/meta/index.ts";
import type { Pod } from "../../../api/types/index.ts";
import { ApiError, isNotFound, type PodLogOptions } from "../../../client/index.ts";
import { type CtlFlag, CtlUsageError, flagBool, flagNumber, flagString } from "../args.ts";
import { CtlError } from "../errors.ts";
import type { Session } from "../session.ts";
import { parseDuration } from "./duration.ts";

export const LOGS_FLAGS: CtlFlag[] = [
  { name: "container", short: "c", type: "string", help: "The container to print the logs of" },
  { name: "follow", short: "f", type: "boolean", help: "Keep streaming new output" },
  { name: "tail", type: "number", help: "Lines from the end to show (-1: all)", default: -1 },
  { name: "previous", short: "p", type: "boolean", help: "The previous (terminated) instance of the container" },
  { name: "timestamps", type: "boolean", help: "Prefix each line with its RFC 3339 timestamp" },
  { name: "since", type: "string", help: "Only logs newer than this duration (e.g. 5s, 2m, 3h)" },
  { name: "since-time", type: "string", help: "Only logs after this RFC 3339 time" },
  { name: "limit-bytes", type: "number", help: "At most this many bytes" },
  { name: "all-containers", type: "boolean", help: "Every container of the pod" },
  { name: "prefix", type: "boolean", help: "Prefix each line with [pod/NAME/CONTAINER]" },
];

const DEFAULT_CONTAINER = "kubectl.kubernetes.io/default-container";

/** The pod a logs/exec argument names: POD, pod/POD, or a workload's first pod. */
export async function resolvePod(s: Session, arg: string): Promise<Pod> {
  const slash = arg.indexOf("/");
  const pods = s.client.pods(s.namespace);
  if (slash < 0) return (await pods.get(arg)) as Pod;
  const ri = await s.types.resolveType(arg.slice(0, slash));
  const name = arg.slice(slash + 1);
  if (ri.group === "" && ri.plural === "pods") return (await pods.get(name)) as Pod;
  const owner = (await s.client.resource(ri, ri.namespaced ? s.namespace : undefined).get(name)) as KubeObject & { spec?: { selector?: unknown } };
  const raw = owner.spec?.selector;
  const selector =
    raw && typeof raw === "object" && ("matchLabels" in raw || "matchExpressions" in raw)
      ? selectorFromLabelSelector(raw as Parameters<typeof selectorFromLabelSelector>[0]).toString()
      : Object.entries((raw ?? {}) as Record<string, string>)
          .map(([k, v]) => `${k}=${v}`)
          .join(",");
  if (!selector) throw new CtlError(`cannot find the pods of ${arg}: it has no selector`);
  const list = await pods.list({ labelSelector: selector });
  const sorted = (list.items as Pod[]).sort((a, b) => (a.metadata.creationTimestamp ?? "").localeCompare(b.metadata.creationTimestamp ?? ""));
  const first = sorted[0];
  if (!first) throw new CtlError(`timed out waiting for the condition`);
  if (sorted.length > 1) s.io.err(`Found ${sorted.length} pods, using pod/${first.metadata.name}\n`);
  return first;
}

/** The container to use when none was named. */
export function defaultContainer(s: Session, pod: Pod): string {
  const containers = pod.spec?.containers ?? [];
  if (containers.length === 1) return containers[0]!.name;
  const annotated = pod.metadata.annotations?.[DEFAULT_CONTAINER];
  if (annotated && containers.some((c) => c.name === annotated)) return annotated;
  const first = containers[0];
  if (!first) throw new CtlError(`pod ${pod.metadata.name} has no containers`);
  const all = [...containers.map((c) => c.name), ...(pod.spec?.initContainers ?? []).map((c) => `${c.name} (init)`)];
  s.io.err(`Defaulted container "${first.name}" out of: ${all.join(", ")}\n`);
  return first.name;
}

export async function runLogs(s: Session, args: string[]): Promise<void> {
  if (args.length === 0) throw new CtlUsageError("expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'. POD or TYPE/NAME is a required argument for the logs command");
  if (args.length > 2) throw new CtlUsageError("expected a single POD or TYPE/NAME, and optionally a container name");
  let pod: Pod;
  try {
    pod = await resolvePod(s, args[0]!);
  } catch (err) {
    // kubectl logs words a missing pod its own way
    if (isNotFound(err) && err instanceof ApiError) throw new CtlError(`error from server (NotFound): ${err.status.message} in namespace "${s.namespace}"`);
    throw err;
  }
  const name = pod.metadata.name!;
  const opts: PodLogOptions = {};
  if (flagBool(s.args, "follow")) opts.follow = true;
  if (flagBool(s.args, "previous")) opts.previous = true;
  if (flagBool(s.args, "timestamps")) opts.timestamps = true;
  const tail = flagNumber(s.args, "tail");
  if (tail !== undefined && tail >= 0) opts.tailLines = tail;
  const limit = flagNumber(s.args, "limit-bytes");
  if (limit !== undefined) opts.limitBytes = limit;
  const since = flagString(s.args, "since");
  const sinceTime = flagString(s.args, "since-time");
  if (since && sinceTime) throw new CtlUsageError("at most one of `sinceTime` or `sinceSeconds` may be specified");
  if (since) opts.sinceSeconds = Math.max(1, Math.ceil(parseDuration(since) / 1000));
  if (sinceTime) opts.sinceTime = sinceTime;
  if (s.io.signal) opts.signal = s.io.signal;

  let containers: string[];
  const named = flagString(s.args, "container") ?? args[1];
  if (flagBool(s.args, "all-containers")) containers = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map((c) => c.name);
  else containers = [named ?? defaultContainer(s, pod)];
  const prefix = flagBool(s.args, "prefix");
  const pods = s.client.pods(s.namespace);
  for (const container of containers) {
    const stream = await pods.getLog(name, { ...opts, container });
    const dec = new TextDecoder();
    const tag = `[pod/${name}/${container}] `;
    let partial = "";
    try {
      for await (const chunk of stream) {
        const text = dec.decode(chunk, { stream: true });
        if (!prefix) {
          s.io.out(text);
          continue;
        }
        const lines = (partial + text).split("\n");
        partial = lines.pop()!;
        if (lines.length > 0) s.io.out(lines.map((l) => tag + l + "\n").join(""));
      }
    } catch (err) {
      if (!s.io.signal?.aborted) throw err;
    }
    if (prefix && partial) s.io.out(tag + partial + "\n");
  }
}
