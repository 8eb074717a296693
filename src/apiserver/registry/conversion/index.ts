/** Where a resource is stored when it shares another's storage, and how it converts. */
import type { ResourceInfo } from "../../../api/resources.ts";
import { identityCodec, type StorageCodec } from "./codec.ts";
import { eventsV1Codec } from "./events.ts";

export { identityCodec, type StorageCodec } from "./codec.ts";

interface StorageAlias {
  group: string;
  plural: string;
  codec: StorageCodec;
}

const ALIASES: Record<string, StorageAlias> = {
  "events.k8s.io/events": { group: "", plural: "events", codec: eventsV1Codec },
};

/** The resource whose keys hold this resource's objects, and the conversion to that form. */
export function storageOf(ri: Pick<ResourceInfo, "group" | "plural">): StorageAlias {
  return ALIASES[`${ri.group}/${ri.plural}`] ?? { group: ri.group, plural: ri.plural, codec: identityCodec };
}
