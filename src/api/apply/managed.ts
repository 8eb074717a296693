import { secondsText } from "../../util/seconds-text.ts";
import type { ManagedFieldsEntry } from "../meta/types.ts";
import { FieldSet } from "./field-set.ts";
import { fieldElement } from "./path.ts";

/**
 * metadata.managedFields decoded into one field set per manager identity. An identity is
 * the manager, operation, apiVersion (Update only) and subresource, as upstream's
 * BuildManagerIdentifier keys them.
 */
export interface ManagerRecord {
  manager: string;
  operation: "Apply" | "Update";
  apiVersion: string;
  subresource?: string;
  time?: string;
  set: FieldSet;
}

export type Managers = Map<string, ManagerRecord>;

export function managerId(manager: string, operation: "Apply" | "Update", apiVersion: string, subresource?: string): string {
  const id: Record<string, string> = { manager, operation };
  if (operation === "Update" && apiVersion) id["apiVersion"] = apiVersion;
  if (subresource) id["subresource"] = subresource;
  return JSON.stringify(id);
}

/** Decodes entries; undefined when an entry is not FieldsV1 (upstream then starts empty). */
export function decodeManagedFields(entries: readonly ManagedFieldsEntry[] | undefined): Managers | undefined {
  const out: Managers = new Map();
  for (const e of entries ?? []) {
    if (e.fieldsType !== undefined && e.fieldsType !== "FieldsV1") return undefined;
    const operation = e.operation === "Apply" ? "Apply" : "Update";
    const rec: ManagerRecord = {
      manager: e.manager ?? "",
      operation,
      apiVersion: e.apiVersion ?? "",
      set: FieldSet.fromFieldsV1(e.fieldsV1),
    };
    if (e.subresource) rec.subresource = e.subresource;
    if (e.time) rec.time = e.time;
    out.set(managerId(rec.manager, operation, rec.apiVersion, e.subresource), rec);
  }
  return out;
}

/** Encodes non-empty sets sorted as upstream: Apply before Update, then time, manager, apiVersion, subresource. */
export function encodeManagedFields(managers: Managers): ManagedFieldsEntry[] {
  const recs = [...managers.values()].filter((r) => !r.set.isEmpty());
  const seconds = (t?: string) => (t ? Math.floor(Date.parse(t) / 1000) || 0 : 0);
  recs.sort(
    (a, b) =>
      (a.operation < b.operation ? -1 : a.operation > b.operation ? 1 : 0) ||
      seconds(a.time) - seconds(b.time) ||
      (a.manager < b.manager ? -1 : a.manager > b.manager ? 1 : 0) ||
      (a.apiVersion < b.apiVersion ? -1 : a.apiVersion > b.apiVersion ? 1 : 0) ||
      ((a.subresource ?? "") < (b.subresource ?? "") ? -1 : (a.subresource ?? "") > (b.subresource ?? "") ? 1 : 0),
  );
  return recs.map((r) => {
    const e: ManagedFieldsEntry = { manager: r.manager, operation: r.operation, apiVersion: r.apiVersion };
    if (r.time) e.time = r.time;
    e.fieldsType = "FieldsV1";
    e.fieldsV1 = r.set.toFieldsV1();
    if (r.subresource) e.subresource = r.subresource;
    return e;
  });
}

/** Metadata fields never tracked (upstream stripMeta), removed exactly (not their children). */
export const STRIP_SET = FieldSet.of(
  [fieldElement("apiVersion")],
  [fieldElement("kind")],
  [fieldElement("metadata")],
  ...["name", "namespace", "creationTimestamp", "selfLink", "uid", "clusterName", "generation", "managedFields", "resourceVersion"].map((f) => [
    fieldElement("metadata"),
    fieldElement(f),
  ]),
);

export const MAX_UPDATE_MANAGERS = 10;
const ANCIENT = "ancient-changes";

/** Folds the oldest Update managers into "ancient-changes" entries until at most ten remain. */
export function capUpdateManagers(managers: Managers): void {
  const updaters = [...managers.entries()].filter(([, r]) => r.operation === "Update");
  if (updaters.length <= MAX_UPDATE_MANAGERS) return;
  const seconds = (t?: string) => (t ? Math.floor(Date.parse(t) / 1000) || 0 : 0);
  updaters.sort(([ia, a], [ib, b]) => seconds(a.time) - seconds(b.time) || (ia < ib ? -1 : ia > ib ? 1 : 0));
  let count = updaters.length;
  for (const [id, rec] of updaters) {
    if (count <= MAX_UPDATE_MANAGERS) break;
    const bucketId = managerId(ANCIENT, "Update", rec.apiVersion);
    if (id === bucketId) continue;
    const bucket = managers.get(bucketId);
    managers.delete(id);
    if (bucket) {
      bucket.set = bucket.set.union(rec.set);
      count--;
    } else {
      const merged: ManagerRecord = { manager: ANCIENT, operation: "Update", apiVersion: rec.apiVersion, set: rec.set };
      if (rec.time) merged.time = rec.time;
      managers.set(bucketId, merged);
    }
  }
}

/** printManager: "name" for appliers, "name" using apps/v1 for updaters. */
export function displayManager(rec: Pick<ManagerRecord, "manager" | "operation" | "apiVersion">): string {
  const name = JSON.stringify(rec.manager);
  return rec.operation === "Update" ? `${name} using ${rec.apiVersion}` : name;
}

/** metav1.Time text: RFC 3339 in UTC with whole seconds. */
export function timeText(now: string | Date): string {
  const d = typeof now === "string" ? new Date(now) : now;
  if (Number.isNaN(d.getTime())) return typeof now === "string" ? now : "";
  return secondsText(d);
}
