/** The Events section of describe: core/v1 Events about the object, oldest first. */
import type { KubeObject } from "../../../api/meta/index.ts";
import type { Event } from "../../../api/types/index.ts";
import { humanDuration } from "../../../apiserver/table/duration.ts";
import type { Client } from "../../../client/index.ts";
import { type DescribeWriter, LEVEL_0, LEVEL_1 } from "./writer.ts";

/** Events whose involvedObject is obj (kubectl's SearchEvents field selector). */
export async function eventsFor(client: Client, obj: KubeObject): Promise<Event[]> {
  const m = obj.metadata ?? {};
  const sel = [`involvedObject.name=${m.name ?? ""}`, `involvedObject.kind=${obj.kind ?? ""}`];
  if (m.namespace) sel.push(`involvedObject.namespace=${m.namespace}`);
  if (m.uid) sel.push(`involvedObject.uid=${m.uid}`);
  const rc = m.namespace ? client.events(m.namespace) : client.events().allNamespaces();
  const list = await rc.listAll({ fieldSelector: sel.join(",") });
  return list.items;
}

function since(ts: string | undefined, now: number): string {
  if (!ts) return "<unknown>";
  const t = Date.parse(ts);
  return Number.isNaN(t) ? "<unknown>" : humanDuration(now - t);
}

function time(ts: string | undefined): number {
  const t = ts ? Date.parse(ts) : NaN;
  return Number.isNaN(t) ? 0 : t;
}

export function writeEvents(w: DescribeWriter, events: readonly Event[], now = Date.now()): void {
  if (events.length === 0) {
    w.write(LEVEL_0, "Events:\t<none>\n");
    return;
  }
  w.flush();
  const sorted = [...events].sort((a, b) => time(a.lastTimestamp ?? a.eventTime) - time(b.lastTimestamp ?? b.eventTime));
  w.write(LEVEL_0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n");
  w.write(LEVEL_1, "----\t------\t----\t----\t-------\n");
  for (const e of sorted) {
    const first = e.eventTime ? since(e.eventTime, now) : since(e.firstTimestamp, now);
    let interval = first;
    if (e.series) interval = `${since(e.series.lastObservedTime, now)} (x${e.series.count ?? 0} over ${first})`;
    else if ((e.count ?? 0) > 1) interval = `${since(e.lastTimestamp, now)} (x${e.count} over ${first})`;
    const source = e.source?.component || e.reportingComponent || "";
    w.write(LEVEL_1, `${e.type ?? ""}\t${e.reason ?? ""}\t${interval}\t${source}\t${(e.message ?? "").trim()}\n`);
  }
}
