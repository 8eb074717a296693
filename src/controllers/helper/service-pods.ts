/**
 * The informer wiring both endpoint controllers share: Services, Pods and the output
 * kind feed a queue of Service keys; a pod change wakes every Service selecting the pod
 * before or after the change.
 */
import type { Pod, Service } from "../../api/types/index.ts";
import { type Lister, type SharedIndexInformer, unwrapTombstone } from "../../client/cache/index.ts";
import type { RateLimitingQueue } from "../../client/workqueue/index.ts";
import type { ControllerContext } from "./context.ts";
import { jsonEqual } from "./hash.ts";
import { servicesSelecting } from "./endpoints.ts";
import { objectKey } from "./pods.ts";

export interface ServicePodInformers {
  services: SharedIndexInformer<Service>;
  pods: SharedIndexInformer<Pod>;
  serviceLister: Lister<Service>;
  podLister: Lister<Pod>;
}

/** The pod fields endpoints are made of; other changes (e.g. container statuses) are ignored. */
function endpointRelevant(p: Pod): unknown {
  return {
    labels: p.metadata.labels,
    deleting: !!p.metadata.deletionTimestamp,
    ip: p.status?.podIP,
    ips: p.status?.podIPs,
    phase: p.status?.phase,
    ready: p.status?.conditions?.find((c) => c.type === "Ready")?.status,
    node: p.spec?.nodeName,
    hostname: p.spec?.hostname,
    subdomain: p.spec?.subdomain,
    ports: p.spec?.containers?.map((c) => c.ports),
  };
}

export function wireServicePods(ctx: ControllerContext, queue: RateLimitingQueue<string>): ServicePodInformers {
  const services = ctx.informers.services();
  const pods = ctx.informers.pods();
  const serviceLister = services.lister();
  const podLister = pods.lister();
  const enqueueFor = (pod: Pod) => {
    for (const svc of servicesSelecting(serviceLister.namespace(pod.metadata.namespace ?? "").list(), pod.metadata.labels)) queue.add(objectKey(svc));
  };
  services.addEventHandler({
    onAdd: (s) => queue.add(objectKey(s)),
    onUpdate: (_o, s) => queue.add(objectKey(s)),
    onDelete: (s) => queue.add(objectKey(unwrapTombstone(s))),
  });
  pods.addEventHandler({
    onAdd: enqueueFor,
    onUpdate: (old, cur) => {
      if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
      if (jsonEqual(endpointRelevant(old), endpointRelevant(cur))) return;
      enqueueFor(cur);
      if (!jsonEqual(old.metadata.labels ?? {}, cur.metadata.labels ?? {})) enqueueFor(old);
    },
    onDelete: (p) => enqueueFor(unwrapTombstone(p)),
  });
  return { services, pods, serviceLister, podLister };
}

/** The pods a service's selector selects (none for a service without selector). */
export function selectedPods(podLister: Lister<Pod>, svc: Service): Pod[] {
  const sel = svc.spec?.selector;
  if (!sel || Object.keys(sel).length === 0) return [];
  return podLister.namespace(svc.metadata.namespace ?? "").list(sel);
}
