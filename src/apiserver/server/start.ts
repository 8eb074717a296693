/**
 * startApiServer: certificates, the registries and watch caches over the given store, the
 * request pipeline, the TLS front on the public port, and the admin kubeconfig.
 */
import { join } from "node:path";
import type { Store } from "../../storage/interface.ts";
import { logger } from "../../util/log.ts";
import { discardAudit, type AuditSink } from "../filters/audit.ts";
import { AuthenticatorChain, certAuthenticator, TokenAuthenticator } from "../filters/authn.ts";
import { allowAuthenticated, type Authorizer } from "../filters/authz.ts";
import { DEFAULT_WATCH_LIMITS, directWatchSource, type WatchLimits } from "../handlers/watch.ts";
import type { StreamProxy } from "../handlers/resource.ts";
import type { KubeletProxyOptions } from "../streams/kubelet-proxy.ts";
import { MAX_BODY_BYTES } from "../http/body.ts";
import { ApiMetrics } from "../metrics/metrics.ts";
import { ADMIN_USER, AUTH_PROXY_USER, ensurePki, MASTERS_GROUP, type ClusterPki } from "../pki/index.ts";
import { RegistrySet } from "../registry/registry-set.ts";
import { CustomResourceController } from "../customresources/controller.ts";
import { ApiServiceController } from "../apiservices/controller.ts";
import { MetricsStorage, SummaryScraper } from "../resourcemetrics/index.ts";
import { BackendPool } from "../transport/backends.ts";
import type { CertIdentity } from "../transport/peer-identity.ts";
import { ServiceAccountTokenAuthenticator } from "../serviceaccount/authenticator.ts";
import { uidLookup } from "../serviceaccount/lookup.ts";
import { ensureSigningKey } from "../serviceaccount/signing-key.ts";
import { ServiceAccountTokens } from "../serviceaccount/tokens.ts";
import { startTlsFront, tlsFrontOnThread, type FastGetSource } from "../transport/tls-front-thread.ts";
import type { WatchCacheOptions } from "../watchcache/watch-cache.ts";
import { advertiseAddress, ensureAuthenticationConfigMap, ensureKubernetesService, ensureSystemNamespaces, ensureSystemPriorityClasses } from "./bootstrap.ts";
import { Pipeline, type InflightLimits } from "./handler.ts";
import { replicaSource } from "./replica-source.ts";
import { writeKubeconfig } from "./kubeconfig.ts";
import { guardObjectPrototype } from "../../util/prototype-guard.ts";

const log = logger("apiserver");

export interface VersionInfo {
  gitVersion: string;
  major?: string;
  minor?: string;
  gitCommit?: string;
  gitTreeState?: string;
  buildDate?: string;
  goVersion?: string;
  compiler?: string;
  platform?: string;
}

export interface ApiServerOptions {
  dataDir: string;
  store: Store;
  /** HTTPS port; 0 picks a free one. */
  port: number;
  /** Address to listen on (default 0.0.0.0). */
  bindAddress?: string;
  /** Extra names and addresses for the serving certificate. */
  tlsSans?: string[];
  /** A bearer token that authenticates as the admin (k3s --token). */
  token?: string;
  /** A token file: lines `token,user,uid,"group1,group2"`. */
  tokenFile?: string;
  /** Where to write the admin kubeconfig (default <dataDir>/server/cred/admin.kubeconfig). */
  writeKubeconfig?: string;
  /**
   * Run the TLS front (TLS and the byte pipe to the backend sockets) on a worker thread of
   * its own. Default: when the process may use more than one CPU (tlsFrontOnThread()).
   */
  tlsFrontThread?: boolean;
  /**
   * Let the TLS front thread answer system:masters' GETs of objects and lists the watch
   * cache would answer from its replica of the watch caches (transport/fast-get.ts).
   * Default: on, where it is sound (an embedded store, the default authorizer, no audit);
   * KUBUN_FAST_GET=0 turns it off.
   */
  fastGet?: boolean;
  /**
   * Whether the front (on its own thread) hands the watches of the admin's connections to
   * the pipeline as messages rather than over a backend socket (transport/watch-channel.ts).
   * Default on; KUBUN_WATCH_CHANNEL=0 turns it off.
   */
  watchChannel?: boolean;
  /**
   * Whether the front's message channel takes plain requests too (channel-request.ts), not
   * only watches. Default on; KUBUN_REQUEST_CHANNEL=0 turns it off.
   */
  requestChannel?: boolean;
  /**
   * Handle the requests that reach the backend listeners in one event-loop turn together
   * (transport/turn-batch.ts). Default on; KUBUN_TURN_BATCH=0 turns it off.
   */
  batchTurns?: boolean;
  version: VersionInfo;
  /** Reaches kubelets for pods/log, exec, attach and portforward. */
  streams?: StreamProxy;
  /** How to reach kubelets for nodes/proxy (the same access the stream proxy uses). */
  kubelet?: KubeletProxyOptions;
  /**
   * How often metrics.k8s.io scrapes every kubelet's /stats/summary, in ms (metrics-server
   * --metric-resolution; default 15000). Scraping needs `kubelet`; 0 turns it off.
   */
  metricResolutionMs?: number;
  authorizer?: Authorizer;
  audit?: AuditSink;
  watchLimits?: Partial<WatchLimits>;
  watchCache?: WatchCacheOptions;
  /** Service cluster IP range (default 10.43.0.0/16, as k3s). */
  serviceCidr?: string;
  /** Address written into the "kubernetes" Endpoints (default: this host's first IPv4). */
  advertiseAddress?: string;
  /** Concurrent non-long-running requests before 429 (system:masters is exempt). */
  maxRequestsInflight?: InflightLimits;
}

export interface ApiServer {
  /** https://127.0.0.1:<port> */
  url: string;
  port: number;
  caPem: string;
  kubeconfigPath: string;
  /** The admin client certificate and key (PEM). */
  adminCertPem: string;
  adminKeyPem: string;
  pki: ClusterPki;
  /** Resolves when every watch cache is filled and the system namespaces exist. */
  ready: Promise<void>;
  registries: RegistrySet;
  metrics: ApiMetrics;
  /**
   * Plain HTTP on a private unix socket (0700 directory) behind the TLS front, serving the
   * same pipeline with bearer-token authentication only. For benchmarks and same-host
   * diagnostics: it skips TLS and the front's extra hop.
   */
  localSocketPath: string;
  /**
   * The private unix socket of the admin certificate's identity (what the TLS front pipes
   * that certificate's connections to): `kubun server` hands it to its own roles, whose
   * requests then skip TLS on both ends. Same 0700 directory as localSocketPath.
   */
  adminSocketPath: string;
  /**
   * The request pipeline itself: answers `req` as the identity `cert` proved (undefined:
   * bearer token or anonymous). For serving the API on a listener of the caller's, e.g.
   * the benchmark's TLS listener without the front (what the front costs).
   */
  handle(req: Request, cert?: CertIdentity): Promise<Response>;
  /** A full collection of every JS heap of the apiserver (its own and the TLS front thread's), for memory readings. */
  collectGarbage(): Promise<void>;
  stop(): Promise<void>;
}

function versionDocument(v: VersionInfo): Record<string, string> {
  const m = /^v(\d+)\.(\d+)/.exec(v.gitVersion);
  return {
    major: v.major ?? m?.[1] ?? "1",
    minor: v.minor ?? m?.[2] ?? "34",
    emulationMajor: v.major ?? m?.[1] ?? "1",
    emulationMinor: v.minor ?? m?.[2] ?? "34",
    minCompatibilityMajor: v.major ?? m?.[1] ?? "1",
    minCompatibilityMinor: String(Number(v.minor ?? m?.[2] ?? "34") - 1),
    gitVersion: v.gitVersion,
    gitCommit: v.gitCommit ?? "unknown",
    gitTreeState: v.gitTreeState ?? "clean",
    buildDate: v.buildDate ?? "1970-01-01T00:00:00Z",
    goVersion: v.goVersion ?? `bun${Bun.version}`,
    compiler: v.compiler ?? "bun",
    platform: v.platform ?? `${process.platform}/${process.arch === "x64" ? "amd64" : process.arch}`,
  };
}

export async function startApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  // no request can add to Object.prototype (also for servers started in process)
  guardObjectPrototype();
  const bind = opts.bindAddress ?? "0.0.0.0";
  const pki = await ensurePki({ dataDir: opts.dataDir, extraSans: [...(opts.tlsSans ?? []), bind] });
  const tokens = new TokenAuthenticator();
  if (opts.token) tokens.add(opts.token, { name: ADMIN_USER, groups: [MASTERS_GROUP] });
  if (opts.tokenFile) tokens.loadFile(opts.tokenFile);
  // made (first start) or read while the watch caches fill
  const signingKey = ensureSigningKey(pki.dir);
  const registries = new RegistrySet(opts.store, opts.watchCache ?? {}, opts.serviceCidr);
  const lookup = uidLookup(registries);
  const saTokens = new ServiceAccountTokens(await signingKey, lookup);
  const metrics = new ApiMetrics();
  const resolution = opts.metricResolutionMs ?? 15_000;
  const resourceMetrics = new MetricsStorage(resolution);
  const scraper = opts.kubelet && resolution > 0 ? new SummaryScraper({ nodes: () => registries.list("", "nodes"), storage: resourceMetrics, intervalMs: resolution, kubelet: opts.kubelet }) : undefined;
  const watchStats = { active: 0 };
  let ready = false;
  // the "kubernetes" Endpoints name the HTTPS port, known once the front listens
  let frontListening!: (port: number) => void;
  const frontPort = new Promise<number>((resolve) => (frontListening = resolve));
  const customResources = new CustomResourceController(registries);
  const aggregator = { lookup: registries, authProxy: pki.authProxy };
  const apiServices = new ApiServiceController(registries, aggregator);
  const readyPromise = registries.ready
    .then(() => customResources.start())
    .then(() => apiServices.start())
    .then(() => ensureSystemNamespaces(registries))
    .then(() => ensureSystemPriorityClasses(registries))
    .then(() => ensureAuthenticationConfigMap(registries, { clientCaPem: pki.ca.certPem, requestHeaderCaPem: pki.requestHeaderCa.certPem, allowedNames: [AUTH_PROXY_USER] }))
    .then(() => frontPort)
    .then((port) => ensureKubernetesService(registries, { ...(opts.serviceCidr ? { serviceCidr: opts.serviceCidr } : {}), address: opts.advertiseAddress ?? advertiseAddress(bind), port }))
    .then(() => {
      ready = true;
      scraper?.start();
    });
  readyPromise.catch((e) => log.error("apiserver failed to become ready", { err: e }));
  metrics.gauge("apiserver_longrunning_requests", "Gauge of all active long-running apiserver requests.", () => [[{ verb: "WATCH" }, watchStats.active]]);
  metrics.gauge("kubun_apiserver_tls_connections", "Client connections open on the HTTPS port.", () => [[{}, front.connections]]);
  metrics.gauge("kubun_apiserver_tls_connections_accepted", "Client connections accepted on the HTTPS port since start (a counter).", () => [[{}, front.accepted]]);
  metrics.gauge("process_resident_memory_bytes", "Resident memory size in bytes.", () => [[{}, process.memoryUsage.rss()]]);
  metrics.gauge("kubun_heap_used_bytes", "JavaScript heap in use, in bytes.", () => [[{}, process.memoryUsage().heapUsed]]);
  metrics.gauge("kubun_storage_revision", "The store's current revision.", async () => [[{}, await opts.store.currentRevision()]]);
  metrics.gauge("apiserver_watch_cache_objects", "Objects held by each resource's watch cache.", () =>
    registries.all().map((r) => [{ group: r.ri.group, resource: r.ri.plural }, r.cache.size] as [Record<string, string>, number]),
  );
  metrics.gauge("apiserver_watch_cache_resource_version", "The revision each watch cache reflects.", () =>
    registries.all().map((r) => [{ group: r.ri.group, resource: r.ri.plural }, r.cache.rv] as [Record<string, string>, number]),
  );
  const watchLimits: WatchLimits = { ...DEFAULT_WATCH_LIMITS, ...(opts.watchLimits ?? {}) };
  const pipeline = new Pipeline({
    authenticator: new AuthenticatorChain([certAuthenticator, tokens, new ServiceAccountTokenAuthenticator(saTokens)]),
    authorizer: opts.authorizer ?? allowAuthenticated,
    audit: opts.audit ?? discardAudit,
    metrics,
    ...(opts.maxRequestsInflight ? { inflight: opts.maxRequestsInflight } : {}),
    resources: {
      registries,
      authorizer: opts.authorizer ?? allowAuthenticated,
      watchLimits,
      watchStats,
      tokens: { issuer: saTokens, lookup, fixed: tokens },
      ...(opts.streams ? { streams: opts.streams } : {}),
      ...(opts.kubelet ? { kubelet: opts.kubelet } : {}),
      resourceMetrics,
      aggregator,
    },
    nonResource: {
      catalog: registries.catalog,
      version: versionDocument(opts.version),
      metrics,
      liveness: [{ name: "ping", check: () => true }],
      readiness: [
        { name: "ping", check: () => true },
        { name: "informer-sync", check: () => ready || "watch caches are not filled yet" },
        { name: "poststarthook/start-system-namespaces-controller", check: () => ready || "not finished" },
      ],
    },
  });
  const backends = new BackendPool({
    handler: (req, _srv, cert, arrivedAt) => pipeline.handle(req, cert, arrivedAt),
    maxRequestBodySize: MAX_BODY_BYTES * 4,
    batchTurns: opts.batchTurns ?? process.env.KUBUN_TURN_BATCH !== "0",
  });
  // The chain includes the CA so a joining agent can read it off the handshake and check it against its token.
  const chainPem = `${pki.serving.certPem.trimEnd()}\n${pki.ca.certPem.trimEnd()}\n`;
  const fastGet = (opts.fastGet ?? process.env.KUBUN_FAST_GET !== "0") && opts.store.eventsBeforeAck && !opts.audit && !opts.authorizer;
  let frontAnswered = 0;
  const fastGetSource: FastGetSource = {
    resolve: (resource) => replicaSource(registries, resource),
    adminTokens: tokens.tokensOf(MASTERS_GROUP),
    served(group, plural, seconds) {
      frontAnswered += seconds.length;
      for (const s of seconds) metrics.observe("GET", group, plural, "", 200, s);
    },
  };
  metrics.gauge("kubun_apiserver_front_answered_gets", "GETs (of objects and lists) the TLS front answered from its replica of the watch caches (a counter).", () => [[{}, frontAnswered]]);
  const watchChannel = opts.watchChannel ?? process.env.KUBUN_WATCH_CHANNEL !== "0";
  const watches = { handle: (req: Request, cert: CertIdentity | undefined) => pipeline.handle(req, cert), directSource: directWatchSource, maxBacklogBytes: watchLimits.maxBacklogBytes, requests: opts.requestChannel ?? process.env.KUBUN_REQUEST_CHANNEL !== "0" };
  const frontOpts = { hostname: bind, port: opts.port, certPem: chainPem, keyPem: pki.serving.keyPem, caPem: pki.ca.certPem, backends, ...(fastGet ? { fastGet: fastGetSource } : {}), ...(watchChannel ? { watches } : {}) };
  const front = await startTlsFront(frontOpts, opts.tlsFrontThread ?? tlsFrontOnThread()).catch(async (err: unknown) => {
    registries.stop();
    await backends.stop();
    throw err;
  });
  frontListening(front.port);
  metrics.gauge("kubun_apiserver_front_channel_watches", "Watches the TLS front hands to the apiserver as messages rather than over a backend socket (open now).", () => [[{}, front.channelWatches]]);
  metrics.gauge("kubun_apiserver_front_channel_requests", "Requests (watches included) the TLS front handed to the apiserver as messages rather than over a backend socket (a counter).", () => [[{}, front.channelRequests]]);
  metrics.beforeRender = () => front.collectServed();
  const url = `https://127.0.0.1:${front.port}`;
  const kubeconfigPath = opts.writeKubeconfig ?? join(opts.dataDir, "server", "cred", "admin.kubeconfig");
  await writeKubeconfig(kubeconfigPath, { server: url, caPem: pki.ca.certPem, certPem: pki.admin.certPem, keyPem: pki.admin.keyPem });
  log.info("apiserver listening", { url, bind, kubeconfig: kubeconfigPath, store: opts.store.kind });
  let stopped = false;
  return {
    url,
    port: front.port,
    caPem: pki.ca.certPem,
    kubeconfigPath,
    adminCertPem: pki.admin.certPem,
    adminKeyPem: pki.admin.keyPem,
    pki,
    ready: readyPromise,
    registries,
    metrics,
    localSocketPath: backends.socketFor(undefined),
    adminSocketPath: backends.socketFor({ user: ADMIN_USER, groups: [MASTERS_GROUP] }),
    handle: (req, cert) => pipeline.handle(req, cert),
    async collectGarbage() {
      Bun.gc(true);
      await front.collectGarbage();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      scraper?.stop();
      customResources.stop();
      apiServices.stop();
      await front.stop();
      registries.stop();
      await backends.stop();
    },
  };
}
