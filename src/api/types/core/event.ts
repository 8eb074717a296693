/** core/v1 Event. */
import { s, type Infer } from "../../schema/dsl.ts";
import { ObjectReferenceSchema } from "./common.ts";
import { ListMetaSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const EventSourceSchema = s.object(
  {
    component: s.string().doc("Component name."),
    host: s.string().doc("Node name."),
  },
  { name: "io.k8s.api.core.v1.EventSource", description: "The component that reported an event." },
);
export type EventSource = Infer<typeof EventSourceSchema>;

export const EventSeriesSchema = s.object(
  {
    count: s.int32().doc("Occurrences in the series."),
    lastObservedTime: s.microTime().doc("Last occurrence."),
  },
  { name: "io.k8s.api.core.v1.EventSeries", description: "A series of repeated events." },
);
export type EventSeries = Infer<typeof EventSeriesSchema>;

export const EventSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ObjectMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    involvedObject: ObjectReferenceSchema.doc("The object the event is about."),
    reason: s.string().doc("Short CamelCase reason."),
    message: s.string().doc("Human-readable description."),
    source: EventSourceSchema.doc("Component reporting the event."),
    firstTimestamp: s.time().doc("When the event was first seen."),
    lastTimestamp: s.time().doc("When the event was last seen."),
    count: s.int32().doc("How many times the event occurred."),
    type: s.string().doc("Normal or Warning."),
    eventTime: s.microTime().doc("When the event was first observed, with microseconds."),
    series: EventSeriesSchema.doc("Data about a series of the same event."),
    action: s.string().doc("What action was taken or failed."),
    related: ObjectReferenceSchema.doc("A secondary object involved."),
    reportingComponent: s.string().doc("Controller that emitted the event."),
    reportingInstance: s.string().doc("Instance of the controller."),
  },
  { name: "io.k8s.api.core.v1.Event", description: "A report of something that happened in the cluster.", required: ["metadata", "involvedObject"], gvk: [{ group: "", version: "v1", kind: "Event" }] },
);
export type Event = Infer<typeof EventSchema>;

export const EventListSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ListMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    items: s.array(EventSchema).doc("The objects in this list."),
  },
  { name: "io.k8s.api.core.v1.EventList", description: "A list of events.", required: ["items"], present: ["metadata"], gvk: [{ group: "", version: "v1", kind: "EventList" }] },
);
export type EventList = Infer<typeof EventListSchema>;
