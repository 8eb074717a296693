/**
 * The controllers the manager can run, by name (kube-controller-manager's names; the
 * `<name>-controller` spelling is accepted too), each with its default worker count
 * (upstream's Concurrent*Syncs). Registering a name twice is an error.
 */
import { CronJobController } from "../cronjob/controller.ts";
import { DaemonSetController } from "../daemonset/controller.ts";
import { DeploymentController } from "../deployment/controller.ts";
import { DisruptionController } from "../disruption/controller.ts";
import { EndpointsController } from "../endpoints/controller.ts";
import { EndpointSliceController } from "../endpointslice/controller.ts";
import { GarbageCollector } from "../garbagecollector/controller.ts";
import { JobController } from "../job/controller.ts";
import { PodGCController } from "../podgc/controller.ts";
import { TTLAfterFinishedController } from "../ttlafterfinished/controller.ts";
import type { Controller, ControllerContext } from "../helper/context.ts";
import { logger } from "../../util/log.ts";
import { NamespaceController } from "../namespace/controller.ts";
import { NodeLifecycleController } from "../nodelifecycle/controller.ts";
import { TaintEvictionController } from "../taintevict/controller.ts";
import { ReplicaSetController } from "../replicaset/controller.ts";
import { REPLICATION_CONTROLLERS } from "../replicaset/kind.ts";
import { ResourceQuotaController } from "../resourcequota/controller.ts";
import { RootCACertPublisher } from "../rootcacertpublisher/controller.ts";
import { ServiceAccountController } from "../serviceaccount/controller.ts";
import { StatefulSetController } from "../statefulset/controller.ts";

const log = logger("controller-manager");

export interface ControllerDescriptor {
  name: string;
  /** The component name events are recorded under. */
  component: string;
  workers: number;
  create(ctx: ControllerContext): Controller;
}

const DESCRIPTORS: ControllerDescriptor[] = [
  { name: "deployment", component: "deployment-controller", workers: 5, create: (ctx) => new DeploymentController(ctx) },
  { name: "replicaset", component: "replicaset-controller", workers: 5, create: (ctx) => new ReplicaSetController(ctx) },
  { name: "replicationcontroller", component: "replication-controller", workers: 5, create: (ctx) => new ReplicaSetController(ctx, { kind: REPLICATION_CONTROLLERS }) },
  { name: "daemonset", component: "daemonset-controller", workers: 2, create: (ctx) => new DaemonSetController(ctx) },
  { name: "statefulset", component: "statefulset-controller", workers: 5, create: (ctx) => new StatefulSetController(ctx) },
  { name: "garbagecollector", component: "garbage-collector-controller", workers: 20, create: (ctx) => new GarbageCollector(ctx) },
  { name: "namespace", component: "namespace-controller", workers: 10, create: (ctx) => new NamespaceController(ctx) },
  { name: "serviceaccount", component: "service-account-controller", workers: 1, create: (ctx) => new ServiceAccountController(ctx) },
  { name: "root-ca-cert-publisher", component: "root-ca-cert-publisher", workers: 1, create: (ctx) => rootCAPublisher(ctx) },
  { name: "endpoint", component: "endpoint-controller", workers: 5, create: (ctx) => new EndpointsController(ctx) },
  { name: "endpointslice", component: "endpoint-slice-controller", workers: 5, create: (ctx) => new EndpointSliceController(ctx) },
  { name: "job", component: "job-controller", workers: 5, create: (ctx) => new JobController(ctx) },
  { name: "nodelifecycle", component: "node-controller", workers: 1, create: (ctx) => new NodeLifecycleController(ctx) },
  { name: "taint-eviction", component: "taint-eviction-controller", workers: 5, create: (ctx) => new TaintEvictionController(ctx) },
  { name: "cronjob", component: "cronjob-controller", workers: 5, create: (ctx) => new CronJobController(ctx) },
  { name: "disruption", component: "controllermanager", workers: 5, create: (ctx) => new DisruptionController(ctx) },
  { name: "resourcequota", component: "resourcequota-controller", workers: 5, create: (ctx) => new ResourceQuotaController(ctx) },
  { name: "podgc", component: "pod-garbage-collector", workers: 1, create: (ctx) => new PodGCController(ctx) },
  { name: "ttl-after-finished", component: "ttl-after-finished-controller", workers: 5, create: (ctx) => new TTLAfterFinishedController(ctx) },
];

/** Upstream starts the publisher only with a CA (--root-ca-file, else the client's): without one it is not run. */
function rootCAPublisher(ctx: ControllerContext): Controller {
  const ca = ctx.rootCA ?? ctx.client.config.caData;
  if (ca) return new RootCACertPublisher(ctx, ca);
  return { name: "root-ca-cert-publisher", run: async () => log.info("not publishing kube-root-ca.crt: the client has no CA") };
}

export const CONTROLLERS: ReadonlyMap<string, ControllerDescriptor> = (() => {
  const m = new Map<string, ControllerDescriptor>();
  for (const d of DESCRIPTORS) {
    if (m.has(d.name)) throw new Error(`controller ${d.name} registered twice`);
    m.set(d.name, d);
  }
  return m;
})();

export class UnknownControllerError extends Error {}

function canonical(name: string): string {
  return name.endsWith("-controller") ? name.slice(0, -"-controller".length) : name;
}

/**
 * The controllers selected by a --controllers list: "*" means every one, "name" adds
 * one, "-name" removes one; no list means "*".
 */
export function selectControllers(list: readonly string[] | undefined): ControllerDescriptor[] {
  const items = list && list.length > 0 ? list : ["*"];
  const chosen = new Set<string>();
  const removed = new Set<string>();
  for (const raw of items) {
    const item = raw.trim();
    if (item === "*") {
      for (const n of CONTROLLERS.keys()) chosen.add(n);
      continue;
    }
    const neg = item.startsWith("-");
    const name = canonical(neg ? item.slice(1) : item);
    if (!CONTROLLERS.has(name)) throw new UnknownControllerError(`"${raw}" is not in the list of known controllers: ${[...CONTROLLERS.keys()].join(", ")}`);
    if (neg) removed.add(name);
    else chosen.add(name);
  }
  return [...CONTROLLERS.values()].filter((d) => chosen.has(d.name) && !removed.has(d.name));
}
