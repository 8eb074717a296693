/**
 * KubeletApi over the client library: an informer on pods with
 * fieldSelector=spec.nodeName=<node>, an informer on all Services (its cache gives the
 * service environment variables, as upstream's serviceLister), typed REST calls, merge
 * patches of the status subresources, and events through an EventBroadcaster
 * (aggregation and spam filtering as client-go's recorder).
 */
import type * as T from "../../api/types/index.ts";
import { DeletedFinalStateUnknown } from "../../client/cache/keys.ts";
import { SharedInformerFactory } from "../../client/cache/informer-factory.ts";
import type { SharedIndexInformer } from "../../client/cache/shared-informer.ts";
import { NAMESPACE_INDEX } from "../../client/cache/store.ts";
import { waitForCacheSync } from "../../client/cache/wait.ts";
import { ApiError } from "../../client/errors.ts";
import { EventBroadcaster } from "../../client/record/broadcaster.ts";
import type { EventRecorder } from "../../client/record/recorder.ts";
import { eventSinkFromClient } from "../../client/record/sink.ts";
import type { Client } from "../../client/rest/clientset.ts";
import type { EventSource, InvolvedObject, KubeletApi, PodEvent } from "./kubelet-api.ts";
import type { ConfigMap, Lease, Node, NodeStatus, Pod, PodStatus, Secret, Service } from "./types.ts";

function notFound(e: unknown): boolean {
  return e instanceof ApiError && e.code === 404;
}

async function orUndefined<R>(p: Promise<R>): Promise<R | undefined> {
  try {
    return await p;
  } catch (e) {
    if (notFound(e)) return undefined;
    throw e;
  }
}

/** Status fields the kubelet owns; the ones it leaves out are cleared (merge patch null). */
const OWNED_OPTIONAL = ["reason", "message"] as const;

/** How long a container start waits for the Service cache's first sync before failing (and retrying). */
const SERVICES_SYNC_WAIT_MS = 5_000;

export class ClientKubeletApi implements KubeletApi {
  private readonly broadcaster = new EventBroadcaster();
  private recorders = new Map<string, EventRecorder>();
  private readonly abort = new AbortController();
  private servicesInf: SharedIndexInformer<T.Service> | undefined;

  constructor(private readonly client: Client) {
    this.broadcaster.startRecordingToSink(eventSinkFromClient(client));
  }

  async watchPods(nodeName: string, handler: (e: PodEvent) => void): Promise<() => void> {
    const factory = new SharedInformerFactory(this.client);
    const inf = factory.pods({ fieldSelector: `spec.nodeName=${nodeName}` });
    const asPod = (o: unknown) => o as unknown as Pod;
    inf.addEventHandler({
      onAdd: (obj) => handler({ type: "ADDED", pod: asPod(obj) }),
      onUpdate: (_old, obj) => handler({ type: "MODIFIED", pod: asPod(obj) }),
      onDelete: (obj: T.Pod | DeletedFinalStateUnknown<T.Pod>) => handler({ type: "DELETED", pod: asPod(obj instanceof DeletedFinalStateUnknown ? obj.obj : obj) }),
    });
    const ac = new AbortController();
    const stopAll = () => ac.abort();
    this.abort.signal.addEventListener("abort", stopAll);
    factory.start(ac.signal);
    this.services(); // the Service cache starts with the kubelet, as upstream's
    await factory.waitForCacheSync(ac.signal);
    return stopAll;
  }

  /** The informer on all Services, started on first use; it runs until close(). */
  private services(): SharedIndexInformer<T.Service> {
    if (!this.servicesInf) {
      const factory = new SharedInformerFactory(this.client);
      this.servicesInf = factory.services();
      factory.start(this.abort.signal);
    }
    return this.servicesInf;
  }

  async listServices(namespaces: readonly string[], opts: { waitForSync: boolean }): Promise<Service[]> {
    const inf = this.services();
    if (opts.waitForSync && !inf.hasSynced()) {
      await waitForCacheSync(AbortSignal.any([this.abort.signal, AbortSignal.timeout(SERVICES_SYNC_WAIT_MS)]), () => inf.hasSynced());
      if (!inf.hasSynced()) throw new Error("services have not yet been read at least once, cannot construct envvars");
    }
    const idx = inf.getIndexer();
    return namespaces.flatMap((ns) => idx.byIndex(NAMESPACE_INDEX, ns)) as unknown as Service[];
  }

  getConfigMap(ns: string, name: string): Promise<ConfigMap | undefined> {
    return orUndefined(this.client.configMaps(ns).get(name)) as Promise<ConfigMap | undefined>;
  }
  getSecret(ns: string, name: string): Promise<Secret | undefined> {
    return orUndefined(this.client.secrets(ns).get(name)) as Promise<Secret | undefined>;
  }
  getNode(name: string): Promise<Node | undefined> {
    return orUndefined(this.client.nodes().get(name)) as Promise<Node | undefined>;
  }
  async createNode(node: Node): Promise<Node> {
    return (await this.client.nodes().create(node as unknown as T.Node)) as unknown as Node;
  }
  async patchNodeStatus(name: string, status: NodeStatus): Promise<Node> {
    return (await this.client.nodes().patch(name, { status }, { type: "merge", subresource: "status" })) as unknown as Node;
  }
  getLease(ns: string, name: string): Promise<Lease | undefined> {
    return orUndefined(this.client.leases(ns).get(name)) as Promise<Lease | undefined>;
  }
  async createLease(lease: Lease): Promise<Lease> {
    return (await this.client.leases(lease.metadata.namespace).create(lease as unknown as T.Lease)) as unknown as Lease;
  }
  async updateLease(lease: Lease): Promise<Lease> {
    return (await this.client.leases(lease.metadata.namespace).update(lease as unknown as T.Lease)) as unknown as Lease;
  }
  async patchPodStatus(ns: string, name: string, uid: string, status: PodStatus): Promise<void> {
    const body: Record<string, unknown> = { ...status };
    for (const k of OWNED_OPTIONAL) if (body[k] === undefined) body[k] = null;
    await this.client.pods(ns).patch(name, { metadata: { uid }, status: body }, { type: "merge", subresource: "status" });
  }
  async createPod(pod: Pod): Promise<Pod> {
    return (await this.client.pods(pod.metadata.namespace).create(pod as unknown as T.Pod)) as unknown as Pod;
  }
  async deletePod(ns: string, name: string, opts: { uid?: string; gracePeriodSeconds: number }): Promise<void> {
    try {
      await this.client.pods(ns).delete(name, { gracePeriodSeconds: opts.gracePeriodSeconds, ...(opts.uid ? { preconditions: { uid: opts.uid } } : {}) });
    } catch (e) {
      if (notFound(e) || (e instanceof ApiError && e.code === 409)) return;
      throw e;
    }
  }
  recordEvent(obj: InvolvedObject, type: "Normal" | "Warning", reason: string, message: string, source: EventSource): void {
    const k = `${source.component}/${source.host}`;
    let r = this.recorders.get(k);
    if (!r) {
      r = this.broadcaster.newRecorder(source);
      this.recorders.set(k, r);
    }
    r.event(obj as unknown as T.ObjectReference, type, reason, message);
  }
  async serviceAccountToken(ns: string, sa: string, o: { audience: string | undefined; expirationSeconds: number; podName: string; podUid: string }): Promise<string> {
    const req = {
      apiVersion: "authentication.k8s.io/v1",
      kind: "TokenRequest",
      spec: { audiences: o.audience ? [o.audience] : [], expirationSeconds: o.expirationSeconds, boundObjectRef: { kind: "Pod", apiVersion: "v1", name: o.podName, uid: o.podUid } },
    };
    const res = await this.client.serviceAccounts(ns).createSubresource<{ status?: { token?: string } }>(sa, "token", req);
    const token = res.status?.token;
    if (!token) throw new Error(`no token for serviceaccount ${ns}/${sa}`);
    return token;
  }

  close(): void {
    this.abort.abort();
    this.broadcaster.shutdown();
  }
}
