/** core/v1 Event. */
import { s, type Infer } from "../../schema/dsl.ts";
import { ObjectReferenceSchema } from "./common.ts";
import { ListMetaSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const EventSourceSchema = s.object(
  {
    component: s.string(),
    host: s.string(),
  },
  { name: "io.k8s.api.core.v1.EventSource" },
);
export type EventSource = Infer<typeof EventSourceSchema>;

export const EventSeriesSchema = s.object(
  {
    count: s.int32(),
    lastObservedTime: s.microTime(),
  },
  { name: "io.k8s.api.core.v1.EventSeries" },
);
export type EventSeries = Infer<typeof EventSeriesSchema>;

export const EventSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ObjectMetaSchema,
    involvedObject: ObjectReferenceSchema,
    reason: s.string(),
    message: s.string(),
    source: EventSourceSchema,
    firstTimestamp: s.time(),
    lastTimestamp: s.time(),
    count: s.int32(),
    type: s.string(),
    eventTime: s.microTime(),
    series: EventSeriesSchema,
    action: s.string(),
    related: ObjectReferenceSchema,
    reportingComponent: s.string(),
    reportingInstance: s.string(),
  },
  { name: "io.k8s.api.core.v1.Event", required: ["metadata", "involvedObject"], gvk: [{ group: "", version: "v1", kind: "Event" }] },
);
export type Event = Infer<typeof EventSchema>;

export const EventListSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ListMetaSchema,
    items: s.array(EventSchema),
  },
  { name: "io.k8s.api.core.v1.EventList", required: ["items"], present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "EventList" }] },
);
export type EventList = Infer<typeof EventListSchema>;
