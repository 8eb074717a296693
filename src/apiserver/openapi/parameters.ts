/** Query and path parameters of the API operations, as listed in the OpenAPI paths. */
import type { OpenAPISchema } from "./schemas.ts";

function query(name: string, type: "string" | "boolean" | "integer", description: string): OpenAPISchema {
  return { description, in: "query", name, schema: { type, uniqueItems: true } };
}
function path(name: string, description: string): OpenAPISchema {
  return { description, in: "path", name, required: true, schema: { type: "string", uniqueItems: true } };
}

export const P = {
  name: (kind: string) => path("name", `name of the ${kind}`),
  namespace: path("namespace", "object name and auth scope, such as for teams and projects"),
  pretty: query("pretty", "string", "If 'true', the output is indented for reading."),

  allowWatchBookmarks: query("allowWatchBookmarks", "boolean", "Ask for BOOKMARK events, which carry only a resourceVersion, during a watch."),
  continue: query("continue", "string", "The continue token of a previous limited list, to read the next page."),
  fieldSelector: query("fieldSelector", "string", "Select objects by fields, such as metadata.name=x. Defaults to everything."),
  labelSelector: query("labelSelector", "string", "Select objects by labels. Defaults to everything."),
  limit: query("limit", "integer", "The maximum number of items to return; a continue token is set when more exist."),
  resourceVersion: query("resourceVersion", "string", "Constrains which version of the data a list or watch is served from."),
  resourceVersionMatch: query("resourceVersionMatch", "string", "How resourceVersion applies to a list: Exact or NotOlderThan."),
  sendInitialEvents: query("sendInitialEvents", "boolean", "With watch=true, start with synthetic ADDED events for the current state, then a bookmark."),
  timeoutSeconds: query("timeoutSeconds", "integer", "Close the list or watch call after this many seconds."),
  watch: query("watch", "boolean", "Stream changes to the selected objects instead of listing them."),

  dryRun: query("dryRun", "string", "When All, the request is processed fully but nothing is persisted."),
  fieldManager: query("fieldManager", "string", "Name of the actor making the change, recorded in managedFields."),
  fieldValidation: query(
    "fieldValidation",
    "string",
    "What to do with unknown or duplicate fields in the body: Ignore drops them, Warn drops them and adds a warning header for each, Strict rejects the request.",
  ),
  force: query("force", "boolean", "For apply requests, take ownership of fields other managers own. Must be unset for other patches."),

  gracePeriodSeconds: query("gracePeriodSeconds", "integer", "Seconds the object gets to terminate gracefully; 0 deletes at once."),
  ignoreStoreReadErrorWithClusterBreakingPotential: query(
    "ignoreStoreReadErrorWithClusterBreakingPotential",
    "boolean",
    "Delete an object whose stored data cannot be read. Use with great care.",
  ),
  orphanDependents: query("orphanDependents", "boolean", "Deprecated: use propagationPolicy."),
  propagationPolicy: query("propagationPolicy", "string", "How dependents are garbage collected: Orphan, Background or Foreground."),

  container: query("container", "string", "The container to use; may be omitted when the pod has one container."),
  follow: query("follow", "boolean", "Keep streaming the log as it grows."),
  insecureSkipTLSVerifyBackend: query("insecureSkipTLSVerifyBackend", "boolean", "Do not verify the kubelet's serving certificate."),
  limitBytes: query("limitBytes", "integer", "Stop after this many bytes of log."),
  previous: query("previous", "boolean", "Return the log of the previous, terminated instance of the container."),
  sinceSeconds: query("sinceSeconds", "integer", "Only log lines newer than this many seconds."),
  sinceTime: query("sinceTime", "string", "Only log lines after this RFC 3339 time."),
  stream: query("stream", "string", "Which stream to return: All, Stdout or Stderr."),
  tailLines: query("tailLines", "integer", "Only the last lines of the log."),
  timestamps: query("timestamps", "boolean", "Prefix each line with its RFC 3339 timestamp."),

  command: query("command", "string", "The command to run; repeat the parameter for each argument."),
  stdin: query("stdin", "boolean", "Attach the standard input of the process."),
  stdout: query("stdout", "boolean", "Stream the standard output of the process."),
  stderr: query("stderr", "boolean", "Stream the standard error of the process."),
  tty: query("tty", "boolean", "Allocate a terminal for the process."),
  ports: query("ports", "integer", "Ports to forward; repeat the parameter for each port."),
};

export const LIST_PARAMS = [
  P.allowWatchBookmarks,
  P.continue,
  P.fieldSelector,
  P.labelSelector,
  P.limit,
  P.resourceVersion,
  P.resourceVersionMatch,
  P.sendInitialEvents,
  P.timeoutSeconds,
  P.watch,
];
export const WRITE_PARAMS = [P.dryRun, P.fieldManager, P.fieldValidation];
export const PATCH_PARAMS = [...WRITE_PARAMS, P.force];
export const DELETE_PARAMS = [P.dryRun, P.gracePeriodSeconds, P.ignoreStoreReadErrorWithClusterBreakingPotential, P.orphanDependents, P.propagationPolicy];
export const DELETE_COLLECTION_PARAMS = [
  P.continue,
  P.dryRun,
  P.fieldSelector,
  P.gracePeriodSeconds,
  P.ignoreStoreReadErrorWithClusterBreakingPotential,
  P.labelSelector,
  P.limit,
  P.orphanDependents,
  P.propagationPolicy,
  P.resourceVersion,
  P.resourceVersionMatch,
  P.sendInitialEvents,
  P.timeoutSeconds,
];
export const LOG_PARAMS = [P.container, P.follow, P.insecureSkipTLSVerifyBackend, P.limitBytes, P.previous, P.sinceSeconds, P.sinceTime, P.stream, P.tailLines, P.timestamps];
export const EXEC_PARAMS = [P.command, P.container, P.stderr, P.stdin, P.stdout, P.tty];
export const ATTACH_PARAMS = [P.container, P.stderr, P.stdin, P.stdout, P.tty];
export const PORTFORWARD_PARAMS = [P.ports];
