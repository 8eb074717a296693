/**
 * List continue tokens as upstream encodes them: base64url of
 * {"v":"meta.k8s.io/v1","rv":<revision>,"start":"<key relative to the prefix>"}.
 */
import { errors } from "../http/status.ts";

export interface ContinueToken {
  rv: number;
  /** The first key of the next page, relative to the resource prefix. */
  start: string;
}

export function encodeContinue(t: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: "meta.k8s.io/v1", rv: t.rv, start: t.start })).toString("base64url");
}

export function decodeContinue(s: string): ContinueToken {
  let parsed: { v?: string; rv?: number; start?: string };
  try {
    parsed = JSON.parse(Buffer.from(s, "base64url").toString("utf8"));
  } catch {
    throw errors.badRequest(`continue key is not valid: illegal base64 data`);
  }
  if (parsed.v !== "meta.k8s.io/v1") throw errors.badRequest(`continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)`);
  if (typeof parsed.rv !== "number" || parsed.rv <= 0) throw errors.badRequest("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
  if (typeof parsed.start !== "string" || parsed.start.includes("..") || parsed.start.startsWith("/")) {
    throw errors.badRequest("continue key is not valid: path traversal detected");
  }
  return { rv: parsed.rv, start: parsed.start };
}

/** Upstream's message for a continue token whose revision was compacted. */
export const CONTINUE_EXPIRED_MESSAGE =
  "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.";
