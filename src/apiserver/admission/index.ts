export * from "./types.ts";
export { AdmissionChain } from "./chain.ts";
export { namespaceLifecycle, IMMORTAL_NAMESPACES } from "./plugins/namespace-lifecycle.ts";
export { defaultTolerationSeconds, DEFAULT_TOLERATION_SECONDS } from "./plugins/default-toleration-seconds.ts";
export { serviceAccount } from "./plugins/service-account.ts";
export { priority } from "./plugins/priority.ts";
export { ServiceAllocator, DEFAULT_SERVICE_CIDR, apiServiceIP, parseCidr } from "./plugins/service-allocator.ts";
export { mutatingWebhooks, validatingWebhooks } from "./webhook/dispatcher.ts";
export { validatingAdmissionPolicies } from "./policy/plugin.ts";
