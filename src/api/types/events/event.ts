/** events.k8s.io/v1 Event. */
import { s, type Infer } from "../../schema/dsl.ts";
import { ObjectReferenceSchema } from "../core/common.ts";
import { EventSourceSchema } from "../core/event.ts";
import { ListMetaSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const EventsV1EventSeriesSchema = s.object(
  {
    count: s.int32().doc("Occurrences in the series."),
    lastObservedTime: s.microTime().doc("Last occurrence."),
  },
  { name: "io.k8s.api.events.v1.EventSeries", description: "A series of repeated events.", required: ["count", "lastObservedTime"] },
);
export type EventsV1EventSeries = Infer<typeof EventsV1EventSeriesSchema>;

export const EventsV1EventSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ObjectMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    eventTime: s.microTime().doc("When the event was first observed."),
    series: EventsV1EventSeriesSchema.doc("Data about a series of the same event."),
    reportingController: s.string().doc("Controller that emitted the event."),
    reportingInstance: s.string().doc("Instance of the controller."),
    action: s.string().doc("What action was taken or failed."),
    reason: s.string().doc("Why the action was taken."),
    regarding: ObjectReferenceSchema.doc("The object the event is about."),
    related: ObjectReferenceSchema.doc("A secondary object involved."),
    note: s.string().doc("Human-readable description."),
    type: s.string().doc("Normal or Warning."),
    deprecatedSource: EventSourceSchema.doc("Deprecated core/v1 source."),
    deprecatedFirstTimestamp: s.time().doc("Deprecated core/v1 firstTimestamp."),
    deprecatedLastTimestamp: s.time().doc("Deprecated core/v1 lastTimestamp."),
    deprecatedCount: s.int32().doc("Deprecated core/v1 count."),
  },
  { name: "io.k8s.api.events.v1.Event", description: "A report of something that happened in the cluster.", required: ["eventTime"], present: ["metadata"], gvk: [{ group: "events.k8s.io", version: "v1", kind: "Event" }] },
);
export type EventsV1Event = Infer<typeof EventsV1EventSchema>;

export const EventsV1EventListSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ListMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    items: s.array(EventsV1EventSchema).doc("The objects in this list."),
  },
  { name: "io.k8s.api.events.v1.EventList", description: "A list of events.", required: ["items"], present: ["metadata"], gvk: [{ group: "events.k8s.io", version: "v1", kind: "EventList" }] },
);
export type EventsV1EventList = Infer<typeof EventsV1EventListSchema>;
