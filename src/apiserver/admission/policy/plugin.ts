/**
 * ValidatingAdmissionPolicy (upstream's in-process CEL admission, GA in 1.30): for every
 * binding whose policy and matchResources select the request, the policy's matchConditions
 * must hold, then each validation expression must be true, with `object`, `oldObject`,
 * `request`, `params` (from the binding's paramRef: by name, or each object its selector
 * finds), `namespaceObject` and the policy's `variables`. A failure is handled by the
 * binding's validationActions: Deny refuses the request with the validation's reason
 * (Invalid unless it names another), Warn adds a Warning header; Audit is not recorded.
 * An expression that errs counts as a failure under failurePolicy Fail and is ignored under
 * Ignore; expressions the interpreter does not implement (the authorizer library) pass.
 */
import { selectorFromLabelSelector } from "../../../api/labels/index.ts";
import type { KubeObject } from "../../../api/meta/index.ts";
import { CelCompileError, CelEvalError, CelUnsupportedError, compileCel } from "../../../api/cel/index.ts";
import { setOwn } from "../../../util/own-keys.ts";
import { ApiError, statusFailure } from "../../http/status.ts";
import type { AdmissionAttributes, AdmissionLookup, ValidatingPlugin } from "../types.ts";
import { isExempt } from "../webhook/matching.ts";
import { reviewRequest } from "../webhook/dispatcher.ts";
import { resourcesMatch } from "./match.ts";
import type { PolicyValidation, ValidatingAdmissionPolicy, ValidatingAdmissionPolicyBinding } from "./types.ts";

const GROUP = "admissionregistration.k8s.io";
const REASON_CODES: Record<string, number> = { Unauthorized: 401, Forbidden: 403, Invalid: 422, RequestEntityTooLarge: 413 };

type Outcome = { kind: "pass" } | { kind: "skip" } | { kind: "error"; message: string } | { kind: "value"; value: unknown };

function run(expression: string, vars: Record<string, unknown>): Outcome {
  try {
    return { kind: "value", value: compileCel(expression).evaluate(vars) };
  } catch (e) {
    if (e instanceof CelUnsupportedError) return { kind: "pass" };
    if (e instanceof CelCompileError || e instanceof CelEvalError) return { kind: "error", message: e.message };
    throw e;
  }
}

function denial(policy: string, binding: string, message: string, reason: string | undefined): ApiError {
  const r = reason && REASON_CODES[reason] ? reason : "Invalid";
  return new ApiError(statusFailure(REASON_CODES[r]!, r, `ValidatingAdmissionPolicy '${policy}' with binding '${binding}' denied request: ${message}`));
}

/** The params objects a binding names (undefined: the binding has no paramRef). */
function paramsFor(policy: ValidatingAdmissionPolicy, binding: ValidatingAdmissionPolicyBinding, a: AdmissionAttributes, lookup: AdmissionLookup): KubeObject[] | undefined {
  const kind = policy.spec?.paramKind;
  const ref = binding.spec?.paramRef;
  if (!kind?.apiVersion || !kind.kind || !ref) return undefined;
  const ri = lookup.resourceForKind?.(kind.apiVersion, kind.kind);
  if (!ri) return [];
  const ns = ri.namespaced ? (ref.namespace || a.namespace) : "";
  if (ref.name) {
    const o = lookup.get(ri.group, ri.plural, ns, ref.name);
    return o ? [o] : [];
  }
  const sel = selectorFromLabelSelector(ref.selector ?? {});
  return lookup.list(ri.group, ri.plural).filter((o) => (!ri.namespaced || o.metadata.namespace === ns) && sel.matches(o.metadata.labels ?? {}));
}

function failureMessage(v: PolicyValidation, vars: Record<string, unknown>): string {
  if (v.messageExpression) {
    const out = run(v.messageExpression, vars);
    if (out.kind === "value" && typeof out.value === "string" && out.value.trim() !== "") return out.value;
  }
  return v.message?.trim() ? v.message : `failed expression: ${v.expression}`;
}

/** One policy-binding-params evaluation: the first failure's message and reason, or undefined. */
function evaluate(policy: ValidatingAdmissionPolicy, base: Record<string, unknown>): { message: string; reason?: string } | undefined {
  const spec = policy.spec ?? {};
  const ignore = spec.failurePolicy === "Ignore";
  const vars: Record<string, unknown> = { ...base };
  for (const c of spec.matchConditions ?? []) {
    const out = run(c.expression, vars);
    if (out.kind === "error") return ignore ? undefined : { message: `failed to evaluate match condition "${c.name}": ${out.message}` };
    if (out.kind === "value" && out.value !== true) return undefined;
  }
  const variables: Record<string, unknown> = {};
  vars["variables"] = variables;
  for (const v of spec.variables ?? []) {
    const out = run(v.expression, vars);
    if (out.kind === "value") setOwn(variables, v.name, out.value);
  }
  for (const v of spec.validations ?? []) {
    const out = run(v.expression, vars);
    if (out.kind === "pass" || (out.kind === "value" && out.value === true)) continue;
    if (out.kind === "error") {
      if (ignore) continue;
      return { message: `expression '${v.expression}' resulted in error: ${out.message}` };
    }
    const r: { message: string; reason?: string } = { message: failureMessage(v, vars) };
    if (v.reason) r.reason = v.reason;
    return r;
  }
  return undefined;
}

export const validatingAdmissionPolicies: ValidatingPlugin = {
  name: "ValidatingAdmissionPolicy",
  operations: ["CREATE", "UPDATE", "DELETE", "CONNECT"],
  validate(a, lookup) {
    const bindings = lookup.list(GROUP, "validatingadmissionpolicybindings") as ValidatingAdmissionPolicyBinding[];
    if (bindings.length === 0 || isExempt(a)) return;
    const namespace = a.namespace && a.resource.namespaced ? lookup.get("", "namespaces", "", a.namespace) : undefined;
    let request: unknown;
    for (const binding of bindings) {
      const policyName = binding.spec?.policyName ?? "";
      const policy = lookup.get(GROUP, "validatingadmissionpolicies", "", policyName) as ValidatingAdmissionPolicy | undefined;
      if (!policy || !resourcesMatch(policy.spec?.matchConstraints, a, namespace) || !resourcesMatch(binding.spec?.matchResources, a, namespace)) continue;
      const params = paramsFor(policy, binding, a, lookup);
      const actions = binding.spec?.validationActions ?? [];
      const bindingName = binding.metadata.name ?? "";
      if (params !== undefined && params.length === 0) {
        if ((binding.spec?.paramRef?.parameterNotFoundAction ?? "Deny") === "Deny" && actions.includes("Deny")) {
          throw denial(policyName, bindingName, "no params found for policy binding with `Deny` parameterNotFoundAction", "Invalid");
        }
        continue;
      }
      request ??= reviewRequest(a);
      const base = { object: a.operation === "DELETE" ? null : (a.object ?? null), oldObject: a.oldObject ?? null, request, namespaceObject: namespace ?? null };
      for (const p of params ?? [null]) {
        const failure = evaluate(policy, { ...base, params: p });
        if (!failure) continue;
        if (actions.includes("Warn")) a.warnings?.push(`Validation failed for ValidatingAdmissionPolicy '${policyName}' with binding '${bindingName}': ${failure.message}`);
        if (actions.includes("Deny")) throw denial(policyName, bindingName, failure.message, failure.reason);
      }
    }
  },
};
