export { startApiServer, type ApiServer, type ApiServerOptions, type VersionInfo } from "./start.ts";
export { writeKubeconfig, kubeconfigYaml, type KubeconfigOptions } from "./kubeconfig.ts";
export { Pipeline, type PipelineDeps } from "./handler.ts";
