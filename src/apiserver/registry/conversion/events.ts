/**
 * events.k8s.io/v1 Events are core/v1 Events stored once, as upstream does: the
 * events.k8s.io registry converts to the stored (core/v1) form on writes and back on
 * reads, so `kubectl describe` and `kubectl events` see events written through either API.
 * Field correspondence (upstream pkg/apis/events/v1 conversion): regarding/involvedObject,
 * note/message, reportingController/reportingComponent, deprecatedSource/source,
 * deprecatedFirstTimestamp/firstTimestamp, deprecatedLastTimestamp/lastTimestamp,
 * deprecatedCount/count; the rest keep their names.
 */
import type { KubeObject } from "../../../api/meta/index.ts";
import type { StorageCodec } from "./codec.ts";

const RENAMES: readonly [string, string][] = [
  ["regarding", "involvedObject"],
  ["note", "message"],
  ["reportingController", "reportingComponent"],
  ["deprecatedSource", "source"],
  ["deprecatedFirstTimestamp", "firstTimestamp"],
  ["deprecatedLastTimestamp", "lastTimestamp"],
  ["deprecatedCount", "count"],
];

function rename(obj: KubeObject, apiVersion: string, pairs: readonly [string, string][]): KubeObject {
  const out: KubeObject = { ...obj, apiVersion, kind: "Event", metadata: obj.metadata };
  for (const [from, to] of pairs) {
    delete out[to];
    if (obj[from] !== undefined) out[to] = obj[from];
    delete out[from];
  }
  return out;
}

export const eventsV1Codec: StorageCodec = {
  toStored: (served) => rename(served, "v1", RENAMES),
  fromStored: (stored) => rename(stored, "events.k8s.io/v1", RENAMES.map(([a, b]) => [b, a] as [string, string])),
};
