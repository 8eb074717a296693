/** events.k8s.io/v1 Event. */
import { s, type Infer } from "../../schema/dsl.ts";
import { ObjectReferenceSchema } from "../core/common.ts";
import { EventSourceSchema } from "../core/event.ts";
import { ListMetaSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const EventsV1EventSeriesSchema = s.object(
  {
    count: s.int32(),
    lastObservedTime: s.microTime(),
  },
  { name: "io.k8s.api.events.v1.EventSeries", required: ["count", "lastObservedTime"] },
);
export type EventsV1EventSeries = Infer<typeof EventsV1EventSeriesSchema>;

export const EventsV1EventSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ObjectMetaSchema,
    eventTime: s.microTime(),
    series: EventsV1EventSeriesSchema,
    reportingController: s.string(),
    reportingInstance: s.string(),
    action: s.string(),
    reason: s.string(),
    regarding: ObjectReferenceSchema,
    related: ObjectReferenceSchema,
    note: s.string(),
    type: s.string(),
    deprecatedSource: EventSourceSchema,
    deprecatedFirstTimestamp: s.time(),
    deprecatedLastTimestamp: s.time(),
    deprecatedCount: s.int32(),
  },
  { name: "io.k8s.api.events.v1.Event", required: ["eventTime"], present: ["metadata"], gvk: [{ group: "events.k8s.io", version: "v1", kind: "Event" }] },
);
export type EventsV1Event = Infer<typeof EventsV1EventSchema>;

export const EventsV1EventListSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ListMetaSchema,
    items: s.array(EventsV1EventSchema),
  },
  { name: "io.k8s.api.events.v1.EventList", required: ["items"], present: ["metadata"], gvk: [{ group: "events.k8s.io", version: "v1", kind: "EventList" }] },
);
export type EventsV1EventList = Infer<typeof EventsV1EventListSchema>;
