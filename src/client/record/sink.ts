/** Where recorded Events are written (record.EventSink), and the sink over a Client. */
import type { Event } from "../../api/types/index.ts";
import type { Client } from "../rest/clientset.ts";

/** Must write each event into the namespace named in its metadata. */
export interface EventSink {
  create(event: Event): Promise<Event>;
  update(event: Event): Promise<Event>;
  /** Strategic merge patch of an existing event. */
  patch(event: Event, patch: unknown): Promise<Event>;
}

export function eventSinkFromClient(client: Client): EventSink {
  const ns = (e: Event) => e.metadata?.namespace || "default";
  return {
    create: (e) => client.events(ns(e)).create(e),
    update: (e) => client.events(ns(e)).update(e),
    patch: (e, p) => client.events(ns(e)).patch(e.metadata?.name ?? "", p, { type: "strategic" }),
  };
}
