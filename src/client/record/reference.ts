/** ObjectReference to an object, for Event.involvedObject (tools/reference.GetReference). */
import type { KubeObject } from "../../api/meta/index.ts";
import type { ObjectReference } from "../../api/types/index.ts";

/** An object (with apiVersion and kind set) or a ready-made reference. */
export type Referable = KubeObject | ObjectReference;

function isKubeObject(x: Referable): x is KubeObject {
  return typeof (x as KubeObject).metadata === "object" && (x as KubeObject).metadata !== null;
}

/** Throws when the object lacks apiVersion/kind (list items do; the client fills them in). */
export function getReference(obj: Referable): ObjectReference {
  if (!isKubeObject(obj)) return obj;
  const { kind, apiVersion, metadata: m } = obj;
  if (!kind || !apiVersion) throw new Error(`object "${m.namespace ?? ""}/${m.name ?? ""}" has no apiVersion/kind`);
  const ref: ObjectReference = { kind, apiVersion };
  if (m.namespace) ref.namespace = m.namespace;
  if (m.name) ref.name = m.name;
  if (m.uid) ref.uid = m.uid;
  if (m.resourceVersion) ref.resourceVersion = m.resourceVersion;
  return ref;
}
