/** Query parameters of list, watch and write requests, parsed and checked once. */
import { errors } from "./status.ts";

export interface ListParams {
  labelSelector: string;
  fieldSelector: string;
  limit: number;
  continueToken: string;
  resourceVersion: string;
  resourceVersionMatch: "" | "NotOlderThan" | "Exact";
  watch: boolean;
  allowWatchBookmarks: boolean;
  sendInitialEvents: boolean | undefined;
  timeoutSeconds: number | undefined;
  includeObject: "" | "None" | "Metadata" | "Object";
}

export type FieldValidation = "Strict" | "Warn" | "Ignore";

export interface WriteParams {
  dryRun: boolean;
  fieldManager: string;
  fieldValidation: FieldValidation;
  force: boolean;
}

function bool(v: string | null): boolean {
  return v === "true" || v === "1";
}

function int(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === "") return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw errors.badRequest(`invalid value for ${name}: ${JSON.stringify(v)}`);
  return n;
}

export function parseListParams(q: URLSearchParams): ListParams {
  const rvm = q.get("resourceVersionMatch") ?? "";
  if (rvm !== "" && rvm !== "NotOlderThan" && rvm !== "Exact") {
    throw errors.badRequest(`resourceVersionMatch: Unsupported value: "${rvm}": supported values: "Exact", "NotOlderThan"`);
  }
  const sie = q.get("sendInitialEvents");
  const inc = q.get("includeObject") ?? "";
  if (inc !== "" && inc !== "None" && inc !== "Metadata" && inc !== "Object") {
    throw errors.badRequest(`includeObject: Unsupported value: "${inc}"`);
  }
  return {
    labelSelector: q.get("labelSelector") ?? "",
    fieldSelector: q.get("fieldSelector") ?? "",
    limit: int(q, "limit") ?? 0,
    continueToken: q.get("continue") ?? "",
    resourceVersion: q.get("resourceVersion") ?? "",
    resourceVersionMatch: rvm,
    watch: bool(q.get("watch")),
    allowWatchBookmarks: bool(q.get("allowWatchBookmarks")),
    sendInitialEvents: sie === null ? undefined : bool(sie),
    timeoutSeconds: int(q, "timeoutSeconds"),
    includeObject: inc,
  };
}

export function parseWriteParams(q: URLSearchParams, defaultManager: string): WriteParams {
  const dry = q.getAll("dryRun");
  for (const d of dry) {
    if (d !== "All" && d !== "") throw errors.badRequest(`dryRun: Unsupported value: "${d}": supported values: "All"`);
  }
  const fv = q.get("fieldValidation") ?? "";
  let fieldValidation: FieldValidation;
  switch (fv.toLowerCase()) {
    case "strict":
      fieldValidation = "Strict";
      break;
    case "ignore":
      fieldValidation = "Ignore";
      break;
    case "warn":
    case "":
      fieldValidation = "Warn";
      break;
    default:
      throw errors.badRequest(`fieldValidation: Unsupported value: "${fv}": supported values: "Ignore", "Strict", "Warn"`);
  }
  const fm = q.get("fieldManager") ?? "";
  if (fm.length > 128) throw errors.badRequest("fieldManager: Too long: may not be more than 128 bytes");
  return {
    dryRun: dry.includes("All"),
    fieldManager: fm || defaultManager,
    fieldValidation,
    force: bool(q.get("force")),
  };
}

/** Parses a resourceVersion parameter; "" is undefined, anything not a non-negative integer is 400. */
export function parseResourceVersion(v: string, what = "resourceVersion"): number | undefined {
  if (v === "") return undefined;
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n)) throw errors.badRequest(`invalid ${what}: ${JSON.stringify(v)}`);
  return n;
}
