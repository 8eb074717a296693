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

export interface Authorizer {
  authorize(attrs: AuthorizationAttributes): Decision | Promise<Decision>;
}

export const allowAuthenticated: Authorizer = {
  authorize(attrs) {
    return attrs.user.groups.includes("system:authenticated") ? { allowed: true } : { allowed: false, reason: "" };
  },
};
