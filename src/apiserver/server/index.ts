export { startApiServer, type ApiServer, type ApiServerOptions, type VersionInfo } from "./start.ts";
export { writeKubeconfig, kubeconfigYaml, type KubeconfigOptions } from "./kubeconfig.ts";
export { Pipeline, DEFAULT_INFLIGHT, type PipelineDeps, type InflightLimits } from "./handler.ts";
