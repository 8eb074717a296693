/**
 * Request options of each verb (metav1 ListOptions, GetOptions, CreateOptions, ...),
 * and their encoding as query parameters.
 */
import type { LabelSelector } from "../../api/meta/index.ts";
import type { QueryValue } from "../transport/http-client.ts";
import { parseSelector, Selector, selectorFromLabelSelector, selectorFromSet } from "../../api/labels/index.ts";

/** A label selector as a string, a Selector, a label set, or a metav1.LabelSelector. */
export type LabelSelectorInput = string | Selector | Readonly<Record<string, string>> | LabelSelector;

export type ResourceVersionMatch = "NotOlderThan" | "Exact";

export interface ListOptions {
  labelSelector?: LabelSelectorInput;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: ResourceVersionMatch;
  timeoutSeconds?: number;
  signal?: AbortSignal;
}

export interface WatchOptions extends Omit<ListOptions, "limit" | "continue"> {
  allowWatchBookmarks?: boolean;
  /** Stream the current state as ADDED events first, ended by an annotated BOOKMARK. */
  sendInitialEvents?: boolean;
}

export interface GetOptions {
  resourceVersion?: string;
  signal?: AbortSignal;
}

export interface WriteOptions {
  /** Send dryRun=All: the server validates but persists nothing. */
  dryRun?: boolean;
  fieldManager?: string;
  fieldValidation?: "Ignore" | "Warn" | "Strict";
  signal?: AbortSignal;
}

export type PatchType = "json" | "merge" | "strategic" | "apply";

export const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  json: "application/json-patch+json",
  merge: "application/merge-patch+json",
  strategic: "application/strategic-merge-patch+json",
  apply: "application/apply-patch+yaml",
};

export interface PatchOptions extends WriteOptions {
  /** Default "merge"; "apply" is server-side apply and requires fieldManager. */
  type?: PatchType;
  /** Apply only: take ownership of conflicting fields. */
  force?: boolean;
}

export function labelSelectorString(sel: LabelSelectorInput | undefined): string | undefined {
  if (sel === undefined) return undefined;
  if (typeof sel === "string") return sel;
  if (sel instanceof Selector) return sel.toString();
  const ls = sel as LabelSelector;
  // A label set maps keys to strings; a LabelSelector holds an object and/or an array.
  if (typeof ls.matchLabels === "object" || Array.isArray(ls.matchExpressions)) return selectorFromLabelSelector(ls).toString();
  return selectorFromSet(sel as Record<string, string>).toString();
}

/** Any selector input as a Selector (undefined selects everything). Throws on a malformed selector. */
export function toSelector(sel: LabelSelectorInput | undefined): Selector {
  if (sel === undefined) return Selector.everything();
  if (typeof sel === "string") return parseSelector(sel);
  if (sel instanceof Selector) return sel;
  const ls = sel as LabelSelector;
  if (typeof ls.matchLabels === "object" || Array.isArray(ls.matchExpressions)) return selectorFromLabelSelector(ls);
  return selectorFromSet(sel as Record<string, string>);
}

type Query = Record<string, QueryValue>;

export function listQuery(o: ListOptions = {}): Query {
  return {
    labelSelector: labelSelectorString(o.labelSelector) || undefined,
    fieldSelector: o.fieldSelector || undefined,
    limit: o.limit,
    continue: o.continue || undefined,
    resourceVersion: o.resourceVersion,
    resourceVersionMatch: o.resourceVersionMatch,
    timeoutSeconds: o.timeoutSeconds,
  };
}

export function watchQuery(o: WatchOptions = {}): Query {
  return {
    ...listQuery(o),
    watch: "true",
    allowWatchBookmarks: o.allowWatchBookmarks ? "true" : undefined,
    sendInitialEvents: o.sendInitialEvents === undefined ? undefined : String(o.sendInitialEvents),
  };
}

export function writeQuery(o: WriteOptions = {}): Query {
  return {
    dryRun: o.dryRun ? "All" : undefined,
    fieldManager: o.fieldManager,
    fieldValidation: o.fieldValidation,
  };
}
