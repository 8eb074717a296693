/** A client for an in-process or remote role, built from a kubeconfig exactly as a remote component builds it. */
import { createClient, loadConfig, type Client, type RestConfig } from "../../client/index.ts";

export function clientFromKubeconfig(kubeconfig: string | undefined, userAgent: string, overrides: Partial<RestConfig> = {}): Client {
  const o = { userAgent, ...overrides };
  return createClient(loadConfig(kubeconfig === undefined ? { overrides: o } : { kubeconfig, overrides: o }));
}

/**
 * Rate limits for control-plane roles. Upstream's 50/100 defaults are tuned for remote
 * components sharing an apiserver with many clients; the scheduler and controllers in a
 * kubun server are the apiserver's main callers, so they get more room.
 */
export const CONTROL_PLANE_LIMITS: Partial<RestConfig> = { qps: 2000, burst: 4000 };
