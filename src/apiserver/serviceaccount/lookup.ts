/** Uids of stored objects from the watch caches, for token issue and authentication. */
import type { RegistrySet } from "../registry/registry-set.ts";
import type { UidLookup } from "./tokens.ts";

const PLURALS = { ServiceAccount: "serviceaccounts", Pod: "pods", Secret: "secrets", Node: "nodes" } as const;

export function uidLookup(registries: RegistrySet): UidLookup {
  return (kind, namespace, name) => {
    const reg = registries.registry({ group: "", plural: PLURALS[kind] });
    return reg?.cache.get(reg.key(namespace, name))?.obj.metadata.uid;
  };
}
