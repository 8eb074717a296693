/**
 * Printers for admissionregistration.k8s.io kinds (upstream printMutatingWebhook, printValidatingWebhook,
 * printValidatingAdmissionPolicy, printValidatingAdmissionPolicyBinding).
 */
import type { LabelSelector } from "../../../api/meta/types.ts";
import type { ValidatingAdmissionPolicy, ValidatingAdmissionPolicyBinding } from "../../../api/types/admissionregistration/validating-admission-policy.ts";
import type { MutatingWebhookConfiguration, ValidatingWebhookConfiguration } from "../../../api/types/admissionregistration/webhook-configuration.ts";
import { since } from "../duration.ts";
import { AGE_COLUMN, col, NAME_COLUMN } from "../format.ts";
import { printer } from "../printer.ts";

const WEBHOOKS_COLUMN = col("Webhooks", "integer", "Webhooks indicates the number of webhooks registered in this configuration");

/** NAME, WEBHOOKS (how many), AGE. */
export const mutatingWebhookConfigurationPrinter = printer<MutatingWebhookConfiguration>([NAME_COLUMN, WEBHOOKS_COLUMN, AGE_COLUMN], (c, now) => [
  c.metadata.name ?? "",
  Array.isArray(c.webhooks) ? c.webhooks.length : 0,
  since(c.metadata.creationTimestamp, now),
]);

/** NAME, WEBHOOKS (how many), AGE. */
export const validatingWebhookConfigurationPrinter = printer<ValidatingWebhookConfiguration>([NAME_COLUMN, WEBHOOKS_COLUMN, AGE_COLUMN], (c, now) => [
  c.metadata.name ?? "",
  Array.isArray(c.webhooks) ? c.webhooks.length : 0,
  since(c.metadata.creationTimestamp, now),
]);

/** printValidatingAdmissionPolicy: NAME, VALIDATIONS (how many), PARAMKIND ("<apiVersion>/<kind>", "<unset>" without one), AGE. */
export const validatingAdmissionPolicyPrinter = printer<ValidatingAdmissionPolicy>(
  [
    NAME_COLUMN,
    col("Validations", "integer", "Validations indicates the number of validation rules defined in this configuration"),
    col("ParamKind", "string", "ParamKind specifies the kind of resources used to parameterize this policy"),
    AGE_COLUMN,
  ],
  (p, now) => {
    const paramKind = p.spec?.paramKind;
    return [
      p.metadata.name ?? "",
      Array.isArray(p.spec?.validations) ? p.spec.validations.length : 0,
      paramKind ? `${paramKind.apiVersion ?? ""}/${paramKind.kind ?? ""}` : "<unset>",
      since(p.metadata.creationTimestamp, now),
    ];
  },
);

/** The Go String() of a *metav1.LabelSelector (gogo protobuf's), as upstream prints a paramRef selector. */
function labelSelectorGoString(sel: LabelSelector): string {
  const labels = sel.matchLabels ?? {};
  const mapText = Object.keys(labels)
    .sort()
    .map((k) => `${k}: ${labels[k]},`)
    .join("");
  const exprs = (sel.matchExpressions ?? []).map((e) => `LabelSelectorRequirement{Key:${e.key},Operator:${e.operator},Values:[${(e.values ?? []).join(" ")}],},`).join("");
  return `&LabelSelector{MatchLabels:map[string]string{${mapText}},MatchExpressions:[]LabelSelectorRequirement{${exprs}},}`;
}

/** printValidatingAdmissionPolicyBinding: NAME, POLICYNAME, PARAMREF ("<ns>/<name>", "*\/<name>", the selector, or "<unset>"), AGE. */
export const validatingAdmissionPolicyBindingPrinter = printer<ValidatingAdmissionPolicyBinding>(
  [
    NAME_COLUMN,
    col("PolicyName", "string", "PolicyName indicates the policy definition which the policy binding binded to"),
    col("ParamRef", "string", "ParamRef indicates the param resource which sets the configration param"),
    AGE_COLUMN,
  ],
  (b, now) => {
    let paramName = "<unset>";
    const pr = b.spec?.paramRef;
    if (pr) {
      if (pr.name) paramName = pr.namespace ? `${pr.namespace}/${pr.name}` : `*/${pr.name}`;
      else if (pr.selector) paramName = labelSelectorGoString(pr.selector);
    }
    return [b.metadata.name ?? "", b.spec?.policyName ?? "", paramName, since(b.metadata.creationTimestamp, now)];
  },
);
