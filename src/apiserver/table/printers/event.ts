/** events (core/v1 and events.k8s.io/v1): LAST SEEN TYPE REASON OBJECT MESSAGE, wide SUBOBJECT SOURCE FIRST SEEN COUNT NAME. */
import type { Event } from "../../../api/types/core/event.ts";
import type { EventsV1Event } from "../../../api/types/events/event.ts";
import { since } from "../duration.ts";
import { col } from "../format.ts";
import { printer } from "../printer.ts";

const columns = [
  col("Last Seen", "string", "Time since the event was last seen."),
  col("Type", "string", "Normal or Warning."),
  col("Reason", "string", "Short reason for the event."),
  col("Object", "string", "The object the event is about."),
  col("Subobject", "string", "The part of the object the event is about.", { priority: 1 }),
  col("Source", "string", "The component that reported the event.", { priority: 1 }),
  col("Message", "string", "Description of the event."),
  col("First Seen", "string", "Time since the event was first seen.", { priority: 1 }),
  col("Count", "string", "How many times the event occurred.", { priority: 1 }),
  col("Name", "string", "Name of the event object.", { priority: 1, format: "name" }),
];

function cells(e: Event, now: number): unknown[] {
  const first = e.firstTimestamp ? since(e.firstTimestamp, now) : since(e.eventTime, now);
  let last = e.lastTimestamp ? since(e.lastTimestamp, now) : first;
  let count = e.count ?? 0;
  if (e.series) {
    last = since(e.series.lastObservedTime, now);
    count = e.series.count ?? 0;
  } else if (count === 0) {
    count = 1; // singleton events of the new API have no count
  }
  const kind = (e.involvedObject.kind ?? "").toLowerCase();
  const target = e.involvedObject.name ? `${kind}/${e.involvedObject.name}` : kind;
  const component = e.source?.component || e.reportingComponent || "";
  const instance = e.source?.host || e.reportingInstance || "";
  const source = instance ? `${component}, ${instance}` : component;
  return [last, e.type ?? "", e.reason ?? "", target, e.involvedObject.fieldPath ?? "", source, (e.message ?? "").trim(), first, count, e.metadata.name ?? ""];
}

export const eventPrinter = printer<Event>(columns, cells);

/** events.k8s.io/v1 Events print like core ones, through the same field mapping upstream's conversion does. */
export const eventsV1EventPrinter = printer<EventsV1Event>(columns, (e, now) => {
  const core: Event = { metadata: e.metadata, involvedObject: e.regarding ?? {} };
  if (e.note !== undefined) core.message = e.note;
  if (e.reason !== undefined) core.reason = e.reason;
  if (e.type !== undefined) core.type = e.type;
  if (e.deprecatedSource) core.source = e.deprecatedSource;
  if (e.deprecatedFirstTimestamp) core.firstTimestamp = e.deprecatedFirstTimestamp;
  if (e.deprecatedLastTimestamp) core.lastTimestamp = e.deprecatedLastTimestamp;
  if (e.deprecatedCount !== undefined) core.count = e.deprecatedCount;
  if (e.eventTime) core.eventTime = e.eventTime;
  if (e.series) core.series = e.series;
  if (e.reportingController !== undefined) core.reportingComponent = e.reportingController;
  if (e.reportingInstance !== undefined) core.reportingInstance = e.reportingInstance;
  return cells(core, now);
});
