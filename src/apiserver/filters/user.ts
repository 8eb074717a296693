/** The authenticated user a request acts as (upstream user.Info). */
export interface UserInfo {
  name: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

export const ANONYMOUS: UserInfo = { name: "system:anonymous", groups: ["system:unauthenticated"] };
export const AUTHENTICATED_GROUP = "system:authenticated";
