/**
 * createClient: one connection pool, rate limiter and identity shared by a typed
 * client for every served resource (client-go's Clientset). `resource(ri)` reaches
 * any catalog entry; the named accessors are typed with src/api/types. A namespaced
 * accessor called without a namespace addresses all namespaces (list/watch).
 */
import type { KubeObject } from "../../api/meta/index.ts";
import { RESOURCES, type ResourceInfo, resourceFor, resourceForKind } from "../../api/resources.ts";
import type {
  ConfigMap,
  ControllerRevision,
  CronJob,
  DaemonSet,
  Deployment,
  Endpoints,
  EndpointSlice,
  Event,
  EventsV1Event,
  Job,
  Lease,
  LimitRange,
  Namespace,
  Node,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
  PodDisruptionBudget,
  ReplicaSet,
  ResourceQuota,
  Secret,
  Service,
  ServiceAccount,
  StatefulSet,
} from "../../api/types/index.ts";
import type { RestConfig } from "../config/rest-config.ts";
import { HttpClient, type HttpClientOptions } from "../transport/http-client.ts";
import { PodClient } from "./pod-client.ts";
import { ResourceClient } from "./resource-client.ts";

/** GET /version. */
export interface VersionInfo {
  major: string;
  minor: string;
  gitVersion: string;
  gitCommit?: string;
  gitTreeState?: string;
  buildDate?: string;
  goVersion?: string;
  compiler?: string;
  platform?: string;
}

/** The parts of an apidiscovery.k8s.io/v2 APIGroupDiscoveryList read here. */
interface AggregatedDiscovery {
  items?: {
    metadata?: { name?: string };
    versions?: {
      version: string;
      resources?: { resource: string; responseKind?: { kind?: string }; scope?: string; singularResource?: string; verbs?: string[]; shortNames?: string[]; categories?: string[] }[];
    }[];
  }[];
}

function info(group: string, version: string, plural: string): ResourceInfo {
  const ri = resourceFor(group, version, plural);
  if (!ri) throw new Error(`resource ${group}/${version}/${plural} is not in the catalog`);
  return ri;
}

export class Client {
  readonly http: HttpClient;
  private readonly cache = new Map<ResourceInfo, ResourceClient<KubeObject>>();

  constructor(
    readonly config: RestConfig,
    opts: HttpClientOptions = {},
  ) {
    this.http = new HttpClient(config, opts);
  }

  /** The typed client of any catalog resource, scoped to ns when given (namespaced kinds only). */
  resource<T extends KubeObject = KubeObject>(ri: ResourceInfo, ns?: string): ResourceClient<T> {
    let base = this.cache.get(ri);
    if (!base) {
      base = ri.group === "" && ri.plural === "pods" ? new PodClient(this.http, ri) : new ResourceClient(this.http, ri);
      this.cache.set(ri, base);
    }
    return (ns !== undefined && ri.namespaced ? base.namespace(ns) : base) as unknown as ResourceClient<T>;
  }

  /** The client for an apiVersion and kind ("apps/v1", "Deployment"); throws for unknown kinds. */
  resourceForKind<T extends KubeObject = KubeObject>(apiVersion: string, kind: string, ns?: string): ResourceClient<T> {
    const ri = resourceForKind(apiVersion, kind);
    if (!ri) throw new Error(`no resource for ${apiVersion}, Kind=${kind}`);
    return this.resource<T>(ri, ns);
  }

  private typed<T extends KubeObject>(group: string, version: string, plural: string, ns?: string): ResourceClient<T> {
    return this.resource<T>(info(group, version, plural), ns);
  }

  // core/v1
  namespaces = () => this.typed<Namespace>("", "v1", "namespaces");
  pods = (ns?: string) => this.resource<Pod>(info("", "v1", "pods"), ns) as PodClient<Pod>;
  nodes = () => this.typed<Node>("", "v1", "nodes");
  services = (ns?: string) => this.typed<Service>("", "v1", "services", ns);
  endpoints = (ns?: string) => this.typed<Endpoints>("", "v1", "endpoints", ns);
  configMaps = (ns?: string) => this.typed<ConfigMap>("", "v1", "configmaps", ns);
  secrets = (ns?: string) => this.typed<Secret>("", "v1", "secrets", ns);
  serviceAccounts = (ns?: string) => this.typed<ServiceAccount>("", "v1", "serviceaccounts", ns);
  events = (ns?: string) => this.typed<Event>("", "v1", "events", ns);
  resourceQuotas = (ns?: string) => this.typed<ResourceQuota>("", "v1", "resourcequotas", ns);
  limitRanges = (ns?: string) => this.typed<LimitRange>("", "v1", "limitranges", ns);
  persistentVolumes = () => this.typed<PersistentVolume>("", "v1", "persistentvolumes");
  persistentVolumeClaims = (ns?: string) => this.typed<PersistentVolumeClaim>("", "v1", "persistentvolumeclaims", ns);
  // apps/v1
  deployments = (ns?: string) => this.typed<Deployment>("apps", "v1", "deployments", ns);
  replicaSets = (ns?: string) => this.typed<ReplicaSet>("apps", "v1", "replicasets", ns);
  statefulSets = (ns?: string) => this.typed<StatefulSet>("apps", "v1", "statefulsets", ns);
  daemonSets = (ns?: string) => this.typed<DaemonSet>("apps", "v1", "daemonsets", ns);
  controllerRevisions = (ns?: string) => this.typed<ControllerRevision>("apps", "v1", "controllerrevisions", ns);
  // batch/v1
  jobs = (ns?: string) => this.typed<Job>("batch", "v1", "jobs", ns);
  cronJobs = (ns?: string) => this.typed<CronJob>("batch", "v1", "cronjobs", ns);
  // others
  leases = (ns?: string) => this.typed<Lease>("coordination.k8s.io", "v1", "leases", ns);
  endpointSlices = (ns?: string) => this.typed<EndpointSlice>("discovery.k8s.io", "v1", "endpointslices", ns);
  eventsV1 = (ns?: string) => this.typed<EventsV1Event>("events.k8s.io", "v1", "events", ns);
  podDisruptionBudgets = (ns?: string) => this.typed<PodDisruptionBudget>("policy", "v1", "poddisruptionbudgets", ns);

  /** GET /version. */
  version(signal?: AbortSignal): Promise<VersionInfo> {
    return this.http.json<VersionInfo>({ method: "GET", path: "/version", ...(signal ? { signal } : {}) });
  }

  /**
   * The resources the server serves beyond the built-in catalog (custom resources), read
   * from aggregated discovery: one entry per group version and resource, without
   * subresources, each group's preferred version first.
   */
  async customResources(signal?: AbortSignal): Promise<ResourceInfo[]> {
    const doc = await this.http.json<AggregatedDiscovery>({
      method: "GET",
      path: "/apis",
      accept: "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList",
      ...(signal ? { signal } : {}),
    });
    const out: ResourceInfo[] = [];
    for (const g of doc.items ?? []) {
      const group = g.metadata?.name ?? "";
      for (const v of g.versions ?? []) {
        for (const r of v.resources ?? []) {
          if (resourceFor(group, v.version, r.resource)) continue;
          const ri: ResourceInfo = {
            group,
            version: v.version,
            kind: r.responseKind?.kind ?? "",
            listKind: `${r.responseKind?.kind ?? ""}List`,
            plural: r.resource,
            singular: r.singularResource ?? "",
            namespaced: r.scope === "Namespaced",
            verbs: (r.verbs ?? []) as ResourceInfo["verbs"],
          };
          if (r.shortNames?.length) ri.shortNames = r.shortNames;
          if (r.categories?.length) ri.categories = r.categories;
          out.push(ri);
        }
      }
    }
    return out;
  }

  /** Every resource in the catalog (what this client can address). */
  static resources(): readonly ResourceInfo[] {
    return RESOURCES;
  }

  /** Closes idle pooled connections. */
  close(): void {
    this.http.close();
  }
}

export function createClient(config: RestConfig, opts: HttpClientOptions = {}): Client {
  return new Client(config, opts);
}
