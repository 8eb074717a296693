/** The parts of admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy(Binding) the evaluator reads, as stored. */
import type { KubeObject, LabelSelector } from "../../../api/meta/index.ts";
import type { WebhookRule } from "../webhook/types.ts";

export interface NamedRule extends WebhookRule {
  resourceNames?: string[];
}

export interface MatchResources {
  namespaceSelector?: LabelSelector;
  objectSelector?: LabelSelector;
  resourceRules?: NamedRule[];
  excludeResourceRules?: NamedRule[];
}

export interface PolicyValidation {
  expression: string;
  message?: string;
  messageExpression?: string;
  reason?: string;
}

export interface ValidatingAdmissionPolicy extends KubeObject {
  spec?: {
    paramKind?: { apiVersion?: string; kind?: string };
    matchConstraints?: MatchResources;
    validations?: PolicyValidation[];
    failurePolicy?: "Fail" | "Ignore";
    matchConditions?: { name: string; expression: string }[];
    variables?: { name: string; expression: string }[];
  };
}

export interface ValidatingAdmissionPolicyBinding extends KubeObject {
  spec?: {
    policyName?: string;
    paramRef?: { name?: string; namespace?: string; selector?: LabelSelector; parameterNotFoundAction?: "Allow" | "Deny" };
    matchResources?: MatchResources;
    validationActions?: ("Deny" | "Warn" | "Audit")[];
  };
}
