/**
 * Dynamic admission (upstream's MutatingAdmissionWebhook and ValidatingAdmissionWebhook
 * plugins): every matching webhook of the stored configurations gets an AdmissionReview.
 * Mutating webhooks run one after another (configurations by name, webhooks in order) and
 * their JSON patches change the object; validating webhooks run together after the
 * object is final and any refusal fails the request. A webhook that cannot be reached
 * fails the request unless its failurePolicy is Ignore; one with side effects is not
 * called for dry runs (the request is refused instead). CEL matchConditions (object,
 * oldObject, request) must all be true for a webhook to be called; one that errs fails the
 * request under failurePolicy Fail and skips the webhook under Ignore, and one the
 * interpreter does not implement (the authorizer library) lets the webhook be called.
 * A mutating webhook whose reinvocationPolicy is IfNeeded is called once more, after all
 * mutating plugins ran again, when a later webhook (or a plugin's second run) changed the
 * object after it was called, as upstream reinvokes. Not done: matchPolicy Equivalent's
 * conversion to other versions, and admission.k8s.io/v1beta1 reviews.
 */
import { randomUUID } from "node:crypto";
import type { KubeObject } from "../../../api/meta/index.ts";
import { applyJsonPatch, decodeJsonPatch } from "../../../api/patch/index.ts";
import { CelCompileError, CelEvalError, CelUnsupportedError, compileCel } from "../../../api/cel/index.ts";
import { logger } from "../../../util/log.ts";
import { setOwn } from "../../../util/own-keys.ts";
import { ApiError, errors, statusFailure } from "../../http/status.ts";
import { applyDefaults } from "../../registry/machinery.ts";
import type { AdmissionAttributes, AdmissionLookup, MutatingPlugin, Operation, ValidatingPlugin } from "../types.ts";
import { CallError, callWebhook } from "./call.ts";
import { EndpointError, resolveEndpoint } from "../../proxy/service-endpoint.ts";
import { isExempt, webhookMatches } from "./matching.ts";
import type { AdmissionRequest, AdmissionResponse, Webhook, WebhookConfiguration } from "./types.ts";

const log = logger("admission-webhook");
const GROUP = "admissionregistration.k8s.io";
const OPTIONS_KIND: Record<Operation, string> = { CREATE: "CreateOptions", UPDATE: "UpdateOptions", DELETE: "DeleteOptions", CONNECT: "" };

function configurations(lookup: AdmissionLookup, plural: string): WebhookConfiguration[] {
  const list = lookup.list(GROUP, plural) as WebhookConfiguration[];
  if (list.length < 2) return list;
  return [...list].sort((a, b) => ((a.metadata.name ?? "") < (b.metadata.name ?? "") ? -1 : 1));
}

/** A webhook to call, with what tells it apart from the others (its configuration and place). */
interface Hook {
  w: Webhook;
  id: string;
}

function matching(lookup: AdmissionLookup, plural: string, a: AdmissionAttributes): Hook[] {
  const configs = configurations(lookup, plural);
  if (configs.length === 0 || isExempt(a)) return [];
  const namespace = a.namespace && a.resource.namespaced ? lookup.get("", "namespaces", "", a.namespace) : undefined;
  const hooks = configs.flatMap((c) => (c.webhooks ?? []).flatMap((w, i) => (webhookMatches(w, a, namespace) ? [{ w, id: `${c.metadata.name}/${i}/${w.name}` }] : [])));
  if (!hooks.some(({ w }) => w.matchConditions?.length)) return hooks;
  const vars = { object: a.operation === "DELETE" ? null : (a.object ?? null), oldObject: a.oldObject ?? null, request: reviewRequest(a) };
  return hooks.filter(({ w }) => conditionsMet(w, vars));
}

/** Whether every matchCondition of a webhook holds (upstream's CEL condition matcher). */
function conditionsMet(w: Webhook, vars: Record<string, unknown>): boolean {
  for (const c of w.matchConditions ?? []) {
    let result: unknown;
    try {
      result = compileCel(c.expression).evaluate(vars);
    } catch (e) {
      if (e instanceof CelUnsupportedError || e instanceof CelCompileError) continue;
      if (!(e instanceof CelEvalError)) throw e;
      if (w.failurePolicy === "Ignore") return false;
      throw errors.internal(`failed calling webhook "${w.name}": failed to evaluate match condition "${c.name}": ${e.message}`);
    }
    if (result !== true) return false;
  }
  return true;
}

export function reviewRequest(a: AdmissionAttributes): AdmissionRequest {
  const ri = a.resource;
  const kind = { group: ri.group, version: ri.version, kind: ri.kind };
  const resource = { group: ri.group, version: ri.version, resource: ri.plural };
  const user: AdmissionRequest["userInfo"] = { username: a.user.name, groups: a.user.groups };
  if (a.user.uid) user.uid = a.user.uid;
  if (a.user.extra) user.extra = a.user.extra;
  const req: AdmissionRequest = {
    uid: randomUUID(),
    kind,
    resource,
    requestKind: kind,
    requestResource: resource,
    operation: a.operation,
    userInfo: user,
    object: a.operation === "DELETE" ? null : (a.object ?? null),
    oldObject: a.oldObject ?? null,
    dryRun: a.dryRun,
    options: OPTIONS_KIND[a.operation] ? { kind: OPTIONS_KIND[a.operation], apiVersion: "meta.k8s.io/v1" } : null,
  };
  if (a.subresource) {
    req.subResource = a.subresource;
    req.requestSubResource = a.subresource;
  }
  if (a.name) req.name = a.name;
  if (a.namespace && ri.namespaced) req.namespace = a.namespace;
  return req;
}

/** Upstream's ToStatusErr: the webhook's refusal as the request's error. */
function denied(name: string, status: AdmissionResponse["status"]): ApiError {
  const by = `admission webhook "${name}" denied the request`;
  const code = status?.code !== undefined && status.code >= 400 ? status.code : 400;
  const message = status?.message ? `${by}: ${status.message}` : status?.reason ? `${by}: ${status.reason}` : `${by} without explanation`;
  const s = statusFailure(code, status?.reason ?? "", message);
  if (status?.details) s.details = status.details as NonNullable<typeof s.details>;
  return new ApiError(s);
}

/** Calls one webhook; undefined when its failure is ignored. */
async function call(w: Webhook, a: AdmissionAttributes, lookup: AdmissionLookup): Promise<AdmissionResponse | undefined> {
  if (a.dryRun && w.sideEffects !== "None" && w.sideEffects !== "NoneOnDryRun") throw errors.badRequest(`admission webhook "${w.name}" does not support dry run`);
  const timeout = w.timeoutSeconds ?? 10;
  try {
    const ep = resolveEndpoint(w.clientConfig, lookup, timeout);
    const response = await callWebhook(ep, reviewRequest(a), timeout);
    for (const text of response.warnings ?? []) a.warnings?.push(text);
    return response;
  } catch (e) {
    if (!(e instanceof CallError || e instanceof EndpointError)) throw e;
    const why = e instanceof EndpointError ? `failed to call webhook: ${e.message}` : e.message;
    if (w.failurePolicy === "Ignore") {
      log.warn("failed calling webhook, failing open", { webhook: w.name, err: why });
      return undefined;
    }
    throw errors.internal(`failed calling webhook "${w.name}": ${why}`);
  }
}

/** Applies a mutating webhook's JSON patch to the object in place; whether that changed it. */
function applyPatch(w: Webhook, a: AdmissionAttributes, response: AdmissionResponse): boolean {
  if (!response.patch || !a.object) return false;
  if (response.patchType !== "JSONPatch") throw errors.internal(`failed calling webhook "${w.name}": unsupported patch type "${response.patchType ?? ""}"`);
  let patched: KubeObject;
  try {
    const ops = decodeJsonPatch(JSON.parse(Buffer.from(response.patch, "base64").toString("utf8")));
    patched = applyJsonPatch(a.object, ops);
  } catch (e) {
    throw errors.internal(`JSONPatch of admission webhook "${w.name}" failed: ${(e as Error).message}`);
  }
  const obj = a.object as Record<string, unknown>;
  const before = JSON.stringify(obj);
  for (const k of Object.keys(obj)) delete obj[k];
  // as own members: Object.assign would set the prototype for a "__proto__" key
  for (const k of Object.keys(patched)) setOwn(obj, k, (patched as Record<string, unknown>)[k]);
  return JSON.stringify(obj) !== before;
}

/** What the mutating webhooks keep between the two rounds of the mutating plugins. */
interface Rounds {
  /** Webhooks with reinvocationPolicy IfNeeded called in the first round, in order. */
  ifNeeded: string[];
  /** Those to call again in the second. */
  again: Set<string>;
  /** The object as the first round left it (JSON), to see whether others changed it since. */
  output?: string;
}

const MUTATING = "MutatingAdmissionWebhook";

export const mutatingWebhooks: MutatingPlugin = {
  name: MUTATING,
  operations: ["CREATE", "UPDATE"],
  async admit(a, lookup) {
    const hooks = matching(lookup, "mutatingwebhookconfigurations", a);
    const reinvocation = a.reinvocation;
    const again = reinvocation?.again === true;
    // the first round starts the state; reading it there would make a map for every request
    let rounds = again ? (reinvocation!.state.get(MUTATING) as Rounds | undefined) : undefined;
    if (again) {
      // upstream's reinvocation: the IfNeeded webhooks whose object changed after they were called
      if (!rounds) return;
      if (rounds.output !== undefined && rounds.output !== JSON.stringify(a.object)) for (const id of rounds.ifNeeded) rounds.again.add(id);
      if (rounds.again.size === 0) return;
    }
    // webhooks see the object as upstream decodes it: defaulted
    if (hooks.length > 0 && a.object && a.subresource === "") applyDefaults(a.resource, a.object, a.oldObject);
    let changed = false;
    for (const { w, id } of hooks) {
      if (again && !rounds!.again.has(id)) continue;
      const response = await call(w, a, lookup);
      if (!response) continue;
      if (!response.allowed) throw denied(w.name, response.status);
      if (applyPatch(w, a, response) && !again) {
        changed = true;
        // the IfNeeded webhooks called before this one saw an object that is no longer the one admitted
        for (const earlier of rounds?.ifNeeded ?? []) rounds!.again.add(earlier);
      }
      if (!again && w.reinvocationPolicy === "IfNeeded" && reinvocation) {
        if (!rounds) reinvocation.state.set(MUTATING, (rounds = { ifNeeded: [], again: new Set() }));
        rounds.ifNeeded.push(id);
      }
    }
    if (again || !rounds) return;
    rounds.output = JSON.stringify(a.object);
    // a second round of every mutating plugin, which may change the object again, as upstream
    if (changed) reinvocation!.request();
  },
};

export const validatingWebhooks: ValidatingPlugin = {
  name: "ValidatingAdmissionWebhook",
  operations: ["CREATE", "UPDATE", "DELETE"],
  async validate(a, lookup) {
    // mutating webhooks see deletes too; they can only refuse them
    const hooks = [...(a.operation === "DELETE" ? matching(lookup, "mutatingwebhookconfigurations", a) : []), ...matching(lookup, "validatingwebhookconfigurations", a)];
    if (hooks.length === 0) return;
    const results = await Promise.allSettled(hooks.map(async ({ w }) => ({ w, response: await call(w, a, lookup) })));
    for (const r of results) {
      if (r.status === "rejected") throw r.reason;
      const { w, response } = r.value;
      if (response && !response.allowed) throw denied(w.name, response.status);
    }
  },
};
