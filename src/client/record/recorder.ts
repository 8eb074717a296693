/**
 * EventRecorder: builds a core/v1 Event about an object and hands it to the
 * broadcaster without waiting (record.EventRecorder). Event names are
 * "<object name>.<hex nanosecond timestamp>", in the object's namespace ("default"
 * for cluster-scoped objects), as upstream.
 */
import type { Event, EventSource } from "../../api/types/index.ts";
import { logger } from "../../util/log.ts";
import { type Clock, realClock } from "../internal/clock.ts";
import { getReference, type Referable } from "./reference.ts";
import { eventTime, nanoHex } from "./time.ts";

const log = logger("events");

export type EventType = "Normal" | "Warning";

export interface EventRecorder {
  /** Records an event; never blocks and never throws. */
  event(obj: Referable, type: EventType, reason: string, message: string): void;
  /** Same, with annotations on the Event object. */
  annotatedEvent(obj: Referable, annotations: Record<string, string>, type: EventType, reason: string, message: string): void;
}

export class Recorder implements EventRecorder {
  constructor(
    private readonly source: EventSource,
    private readonly emit: (e: Event) => void,
    private readonly clock: Clock = realClock,
  ) {}

  event(obj: Referable, type: EventType, reason: string, message: string): void {
    this.generate(obj, undefined, type, reason, message);
  }

  annotatedEvent(obj: Referable, annotations: Record<string, string>, type: EventType, reason: string, message: string): void {
    this.generate(obj, annotations, type, reason, message);
  }

  private generate(obj: Referable, annotations: Record<string, string> | undefined, type: string, reason: string, message: string): void {
    let ref;
    try {
      ref = getReference(obj);
    } catch (err) {
      log.error("could not construct reference, will not report event", { err: (err as Error).message, type, reason, message });
      return;
    }
    if (type !== "Normal" && type !== "Warning") {
      log.error("unsupported event type", { type });
      return;
    }
    const now = this.clock.now();
    const t = eventTime(now);
    const event: Event = {
      apiVersion: "v1",
      kind: "Event",
      metadata: { name: `${ref.name ?? ""}.${nanoHex(now)}`, namespace: ref.namespace || "default", ...(annotations ? { annotations } : {}) },
      involvedObject: ref,
      reason,
      message,
      firstTimestamp: t,
      lastTimestamp: t,
      count: 1,
      type,
      source: this.source,
      reportingComponent: this.source.component ?? "",
      reportingInstance: this.source.host ?? "",
    };
    this.emit(event);
  }
}
