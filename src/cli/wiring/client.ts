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

/**
 * The scheduler inside `kubun server` sends two requests per pod (the binding and its
 * Scheduled event), so at CONTROL_PLANE_LIMITS it could not bind more than about 1,000
 * pods a second; upstream's own scheduler benchmarks raise its QPS to 5,000 for the same
 * reason. The apiserver's in-flight limits still apply.
 */
export const SCHEDULER_LIMITS: Partial<RestConfig> = { qps: 10_000, burst: 20_000 };
