/**
 * What a request path asks for, as upstream's RequestInfoFactory parses it:
 * /api/v1/[watch/][namespaces/NS/]RESOURCE[/NAME[/SUBRESOURCE[/...]]] and the same under
 * /apis/GROUP/VERSION. Namespaces are a resource of their own: /api/v1/namespaces/NAME/status
 * and /finalize are subresources of the namespace NAME.
 */

export type ApiVerb = "get" | "list" | "watch" | "create" | "update" | "patch" | "delete" | "deletecollection" | "proxy" | "connect";

export interface ResourceRequest {
  group: string;
  version: string;
  namespace: string;
  resource: string;
  name: string;
  subresource: string;
  /** Path segments after the subresource (proxy paths). */
  rest: string[];
  verb: ApiVerb;
}

export interface GroupVersionPath {
  /** "api" or "apis". */
  prefix: "api" | "apis";
  /** Path segments after the prefix. */
  parts: string[];
}

const NAMESPACE_SUBRESOURCES = new Set(["status", "finalize"]);

export function splitApiPath(pathname: string): GroupVersionPath | undefined {
  const parts = pathname.split("/").filter((p) => p !== "");
  const prefix = parts[0];
  if (prefix !== "api" && prefix !== "apis") return undefined;
  return { prefix, parts: parts.slice(1).map(decodeSegment) };
}

function decodeSegment(s: string): string {
  return s.includes("%") ? decodeURIComponent(s) : s;
}

/**
 * Parses a resource path; undefined when the path stops at the group or version (discovery).
 * `watchParam` is the `watch` query parameter, which turns get/list into watch.
 */
export function parseResourceRequest(method: string, gv: GroupVersionPath, watchParam: boolean): ResourceRequest | undefined {
  let rest: string[];
  let group = "";
  let version: string;
  if (gv.prefix === "api") {
    if (gv.parts.length < 2) return undefined;
    version = gv.parts[0]!;
    rest = gv.parts.slice(1);
  } else {
    if (gv.parts.length < 3) return undefined;
    group = gv.parts[0]!;
    version = gv.parts[1]!;
    rest = gv.parts.slice(2);
  }
  let watchPath = false;
  if (rest[0] === "watch") {
    watchPath = true;
    rest = rest.slice(1);
  }
  let namespace = "";
  if (rest[0] === "namespaces" && rest.length > 1) {
    if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2]!)) {
      namespace = rest[1]!;
      rest = rest.slice(2);
    }
  }
  if (rest.length === 0) return undefined;
  const resource = rest[0]!;
  const name = rest[1] ?? "";
  const subresource = rest[2] ?? "";
  const tail = rest.slice(3);
  let verb: ApiVerb;
  switch (method) {
    case "GET":
    case "HEAD":
      verb = name === "" ? "list" : "get";
      if (watchPath || watchParam) verb = "watch";
      break;
    case "POST":
      verb = "create";
      break;
    case "PUT":
      verb = "update";
      break;
    case "PATCH":
      verb = "patch";
      break;
    case "DELETE":
      verb = name === "" ? "deletecollection" : "delete";
      break;
    default:
      verb = "connect";
  }
  return { group, version, namespace, resource, name, subresource, rest: tail, verb };
}
