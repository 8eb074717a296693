/**
 * Authorization: an Authorizer decides each request from its attributes. This server
 * allows every authenticated user; RBAC slots in here later without changing callers.
 */
import type { UserInfo } from "./user.ts";

export interface AuthorizationAttributes {
  user: UserInfo;
  verb: string;
  /** True for /api, /apis resource paths; false for non-resource paths (/healthz, /openapi...). */
  resourceRequest: boolean;
  group: string;
  version: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
  path: string;
}

export type Decision = { allowed: true } | { allowed: false; reason: string };

export interface ResourceRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
}

export interface NonResourceRule {
  verbs: string[];
  nonResourceURLs?: string[];
}

/** What a user may do in a namespace (upstream's RuleResolver.RulesFor). */
export interface Rules {
  resourceRules: ResourceRule[];
  nonResourceRules: NonResourceRule[];
  /** True when the authorizer cannot list everything it would allow. */
  incomplete: boolean;
  evaluationError?: string;
}

export interface Authorizer {
  authorize(attrs: AuthorizationAttributes): Decision | Promise<Decision>;
  rulesFor(user: UserInfo, namespace: string): Rules | Promise<Rules>;
}

const EVERYTHING: Rules = {
  resourceRules: [{ verbs: ["*"], apiGroups: ["*"], resources: ["*"] }],
  nonResourceRules: [{ verbs: ["*"], nonResourceURLs: ["*"] }],
  incomplete: false,
};
const NOTHING: Rules = { resourceRules: [], nonResourceRules: [], incomplete: false };

export const allowAuthenticated: Authorizer = {
  authorize(attrs) {
    return attrs.user.groups.includes("system:authenticated") ? { allowed: true } : { allowed: false, reason: "" };
  },
  rulesFor(user) {
    return user.groups.includes("system:authenticated") ? EVERYTHING : NOTHING;
  },
};
