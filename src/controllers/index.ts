/** The controller manager and its controllers (each also importable from its own folder). */
export { runControllerManager, type ControllerManager, type ControllerManagerOptions } from "./manager/manager.ts";
export { CONTROLLERS, selectControllers, UnknownControllerError, type ControllerDescriptor } from "./manager/registry.ts";
export type { Controller, ControllerContext, EventRecorder } from "./helper/context.ts";
export { MetricsRegistry } from "./helper/metrics.ts";
export { ReplicaSetController } from "./replicaset/controller.ts";
export { DeploymentController } from "./deployment/controller.ts";
export { GarbageCollector } from "./garbagecollector/controller.ts";
export { NamespaceController } from "./namespace/controller.ts";
export { ServiceAccountController } from "./serviceaccount/controller.ts";
