/**
 * Errors as kubectl prints them (cmdutil.CheckErr / StandardErrorMessage): the
 * server's Status as `Error from server (Reason): message`, Invalid answers as
 * `The Kind "name" is invalid: field: message`, transport failures as the
 * connection messages users know, anything else as `error: message`.
 */
import { ApiError } from "../../client/index.ts";
import { CtlUsageError } from "./args.ts";

/** kubectl exits 1 for every error, those in how it was called included (cmdutil.CheckErr). */
export const EXIT_ERROR = 1;

/** A failure already worded for the user (`error: ` is prepended when printed). */
export class CtlError extends Error {
  constructor(
    message: string,
    readonly exitCode = EXIT_ERROR,
  ) {
    super(message);
  }
}

/** An error the command reports and then carries on from (delete several names, apply several objects). */
export interface SourceContext {
  /** "creating", "deleting", "applying patch" ... */
  verb: string;
  /** The file the object came from. */
  source: string;
}

function invalidText(e: ApiError): string | undefined {
  const d = e.status.details;
  if (!d) return undefined;
  let head = "The request is invalid";
  if (d.kind || d.name) head = `The ${d.kind ?? ""} "${d.name ?? ""}" is invalid`;
  const causes = (d.causes ?? []).map((c) => (c.field ? `${c.field}: ${c.message ?? ""}` : (c.message ?? "")));
  if (causes.length === 0) return undefined;
  if (causes.length === 1) return `${head}: ${causes[0]}`;
  return `${head}: \n${causes.map((c) => `* ${c}`).join("\n")}`;
}

/** Host:port of the server a transport error came from, for "The connection to the server ..." */
export interface ErrorContext {
  server?: string;
  source?: SourceContext;
}

/** The text kubectl prints for an error (without the trailing newline). */
export function errorText(err: unknown, ctx: ErrorContext = {}): string {
  if (err instanceof CtlUsageError || err instanceof CtlError) return `error: ${err.message}`;
  if (err instanceof ApiError) {
    if (err.reason === "Invalid") {
      const t = invalidText(err);
      if (t) return t;
    }
    let msg = err.status.message || err.message;
    if (ctx.source) msg = `error when ${ctx.source.verb} "${ctx.source.source}": ${msg}`;
    if (err.reason === "Unauthorized") return `error: You must be logged in to the server (${msg})`;
    if (!err.reason) return `Error from server: ${msg}`;
    return `Error from server (${err.reason}): ${msg}`;
  }
  const code = (err as { code?: unknown } | null)?.code;
  if (code === "ECONNREFUSED" || code === "ConnectionRefused") {
    return `The connection to the server ${ctx.server ?? "localhost:8080"} was refused - did you specify the right host or port?`;
  }
  if (typeof code === "string" && /^(E[A-Z]+|UNABLE_TO_|CERT_|DEPTH_ZERO|SELF_SIGNED|ERR_TLS)/.test(code)) {
    return `Unable to connect to the server: ${(err as Error).message}`;
  }
  return `error: ${err instanceof Error ? err.message : String(err)}`;
}

export function exitCodeFor(err: unknown): number {
  if (err instanceof CtlError) return err.exitCode;
  return EXIT_ERROR;
}

/**
 * kubectl's wording for a list the server refused as BadRequest or NotFound:
 * `Unable to list "/v1, Resource=pods": ...` or, with selectors,
 * `Unable to find "/v1, Resource=pods" that match label selector "...", field selector "...": ...`.
 */
export function listError(err: unknown, ri: { group: string; version: string; plural: string }, labelSelector = "", fieldSelector = ""): unknown {
  if (!(err instanceof ApiError) || (err.reason !== "BadRequest" && err.reason !== "NotFound")) return err;
  const gvr = `${ri.group}/${ri.version}, Resource=${ri.plural}`;
  const msg = err.status.message ?? "";
  const message =
    !labelSelector && !fieldSelector
      ? `Unable to list "${gvr}": ${msg}`
      : `Unable to find "${gvr}" that match label selector "${labelSelector}", field selector "${fieldSelector}": ${msg}`;
  return new ApiError({ ...err.status, message });
}
