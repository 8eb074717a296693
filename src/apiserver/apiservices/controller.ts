/**
 * APIServices (upstream's kube-aggregator controllers, in the apiserver as upstream runs
 * them): every group version this server serves has a Local APIService
 * (`<version>.<group>`, "v1." for the core group), created at start for the built-in ones
 * and as custom resources come and go for theirs, labelled
 * kube-aggregator.kubernetes.io/automanaged as upstream's, and deleted when the group
 * version stops being served. Local ones are Available. An APIService naming a Service is
 * checked as upstream's availability controller does (the Service, its endpoints, then
 * its discovery document fetched with the front-proxy certificate); once that passes, its
 * resources join the server's catalog and requests for its group version are proxied to
 * it (backend.ts). One for a group version this server serves itself (metrics-server's
 * v1beta1.metrics.k8s.io) is not proxied to: the local API keeps answering.
 */
import type { KubeObject } from "../../api/meta/index.ts";
import { logger } from "../../util/log.ts";
import type { UserInfo } from "../filters/user.ts";
import { deleteObject } from "../registry/delete.ts";
import type { RegistrySet } from "../registry/registry-set.ts";
import type { ResourceRegistry } from "../registry/resource-registry.ts";
import type { RequestScope } from "../registry/scope.ts";
import { setCondition } from "../registry/conditions.ts";
import { Predicate } from "../watchcache/predicate.ts";
import { SerialPasses } from "../util/serial-passes.ts";
import { prioritiesOf } from "./priorities.ts";
import { fetchDiscovery, resourcesOf, type BackendClient } from "./backend.ts";
import type { AggregatedApi } from "../../api/resources.ts";

const log = logger("apiservices");
const SYSTEM_USER: UserInfo = { name: "system:apiserver", groups: ["system:masters", "system:authenticated"] };
const AUTOMANAGED = "kube-aggregator.kubernetes.io/automanaged";
const RESYNC_MS = 30_000;
/** How often a backend's discovery is checked again when nothing changed (upstream: 30 s), and after a failure. */
const RECHECK_MS = 30_000;
const RETRY_MS = 1_000;

interface ApiServiceSpec {
  group?: string;
  version?: string;
  service?: { namespace?: string; name?: string; port?: number };
  caBundle?: string;
  insecureSkipTLSVerify?: boolean;
}

interface BackendCheck {
  /** The resourceVersions of the APIService, its Service and Endpoints the check was made for. */
  rv: string;
  at: number;
  result: Availability;
  /** What the catalog holds for it (to skip rewriting the same). */
  fingerprint: string;
}

interface Availability {
  status: "True" | "False";
  reason: string;
  message: string;
}

function scope(): RequestScope {
  return { user: SYSTEM_USER, dryRun: false, fieldManager: "kube-apiserver", fieldValidation: "Ignore", force: false, warnings: [], now: new Date() };
}

export function apiServiceName(group: string, version: string): string {
  return `${version}.${group}`;
}

export class ApiServiceController {
  private readonly passes = new SerialPasses(() => this.pass(), (err) => log.error("APIService pass failed", { err }));
  private readonly unsubscribe: (() => void)[] = [];

  private readonly checks = new Map<string, BackendCheck>();

  constructor(
    private readonly registries: RegistrySet,
    /** How to reach aggregated API servers; absent: they are only checked, never proxied to. */
    private readonly backend?: BackendClient,
  ) {}

  private get reg(): ResourceRegistry | undefined {
    return this.registries.registry({ group: "apiregistration.k8s.io", plural: "apiservices" });
  }

  /** Registers the served group versions, then follows changes. Resolves after the first pass. */
  async start(): Promise<void> {
    const reg = this.reg;
    if (!reg) return;
    await reg.cache.ready;
    this.unsubscribe.push(reg.cache.subscribe(() => this.schedule()));
    this.unsubscribe.push(this.registries.catalog.onChange(() => this.schedule()));
    for (const plural of ["services", "endpoints"]) {
      const r = this.registries.registry({ group: "", plural });
      if (r) this.unsubscribe.push(r.cache.subscribe((ev) => ev && this.schedule()));
    }
    this.passes.resyncEvery(RESYNC_MS);
    this.schedule();
    await this.idle();
  }

  async idle(): Promise<void> {
    await this.passes.idle();
  }

  stop(): void {
    this.passes.stop();
    for (const u of this.unsubscribe) u();
  }

  private schedule(): void {
    this.passes.schedule();
  }

  /** The group versions served here (not proxied), with whether they are custom resources'. */
  private served(): Map<string, { group: string; version: string; custom: boolean }> {
    const out = new Map<string, { group: string; version: string; custom: boolean }>();
    for (const ri of this.registries.catalog.all()) {
      if (ri.aggregated) continue;
      const name = apiServiceName(ri.group, ri.version);
      if (!out.has(name)) out.set(name, { group: ri.group, version: ri.version, custom: ri.custom !== undefined });
    }
    return out;
  }

  private async pass(): Promise<void> {
    const reg = this.reg!;
    const served = this.served();
    const existing = new Map(reg.cache.list(Predicate.everything(reg.ri)).map((o) => [o.obj.metadata.name!, o.obj]));
    for (const [name, gv] of served) {
      if (existing.has(name)) continue;
      const obj: KubeObject = {
        apiVersion: "apiregistration.k8s.io/v1",
        kind: "APIService",
        metadata: { name, labels: { [AUTOMANAGED]: gv.custom ? "true" : "onstart" } },
        spec: { group: gv.group, version: gv.version, ...prioritiesOf(gv.group, gv.version, gv.custom) },
      };
      try {
        await reg.create(scope(), "", obj);
      } catch (e) {
        if ((e as { reason?: string }).reason !== "AlreadyExists") throw e;
      }
    }
    for (const [name, obj] of existing) {
      const managed = obj.metadata.labels?.[AUTOMANAGED];
      const spec = (obj["spec"] ?? {}) as ApiServiceSpec;
      if (managed === "true" && !spec.service && !served.has(name) && !obj.metadata.deletionTimestamp) {
        await deleteObject(reg, scope(), "", name, {}).catch((e: unknown) => {
          if ((e as { reason?: string }).reason !== "NotFound") throw e;
        });
        continue;
      }
      await this.updateAvailability(obj, served.has(name));
    }
    for (const name of [...this.checks.keys()]) {
      if (existing.has(name) && ((existing.get(name)!["spec"] ?? {}) as ApiServiceSpec).service) continue;
      this.checks.delete(name);
      this.registries.catalog.setCustom(`apiservice:${name}`, []);
    }
  }

  private async availability(obj: KubeObject, servedHere: boolean): Promise<Availability> {
    const spec = (obj["spec"] ?? {}) as ApiServiceSpec;
    if (!spec.service) return { status: "True", reason: "Local", message: "Local APIServices are always available" };
    const ns = spec.service.namespace ?? "";
    const name = spec.service.name ?? "";
    const service = this.registries.get("", "services", ns, name);
    if (!service) return { status: "False", reason: "ServiceNotFound", message: `service/${name} in "${ns}" is not present` };
    const endpoints = this.registries.get("", "endpoints", ns, name) as (KubeObject & { subsets?: { addresses?: unknown[] }[] }) | undefined;
    if (!(endpoints?.subsets ?? []).some((s) => (s.addresses ?? []).length > 0)) {
      return { status: "False", reason: "MissingEndpoints", message: `endpoints for service/${name} in "${ns}" have no addresses` };
    }
    if (servedHere) return { status: "True", reason: "Passed", message: "all checks passed; this group version is served by the apiserver itself" };
    if (!this.backend) return { status: "False", reason: "FailedDiscoveryCheck", message: "aggregated API servers are not proxied to by this apiserver" };
    const api: AggregatedApi = {
      apiService: obj.metadata.name!,
      service: { namespace: ns, name, port: spec.service.port ?? 443 },
      ...(spec.caBundle ? { caPem: Buffer.from(spec.caBundle, "base64").toString("utf8") } : {}),
      ...(spec.insecureSkipTLSVerify ? { insecureSkipTLSVerify: true } : {}),
    };
    try {
      const doc = await fetchDiscovery(api, spec.group ?? "", spec.version ?? "", this.backend);
      this.serveBackend(obj.metadata.name!, resourcesOf(api, spec.group ?? "", spec.version ?? "", doc));
      return { status: "True", reason: "Passed", message: "all checks passed" };
    } catch (e) {
      return { status: "False", reason: "FailedDiscoveryCheck", message: (e as Error).message };
    }
  }

  /** Puts an aggregated API server's resources in the catalog (requests for them are then proxied). */
  private serveBackend(name: string, infos: ReturnType<typeof resourcesOf>): void {
    const fingerprint = JSON.stringify(infos);
    const check = this.checks.get(name);
    if (check?.fingerprint === fingerprint) return;
    if (check) check.fingerprint = fingerprint;
    this.registries.catalog.setCustom(`apiservice:${name}`, infos);
    log.info("proxying an aggregated API", { apiService: name, resources: infos.map((i) => i.plural) });
  }

  /** Checks a Service-backed APIService again only when it changed, failed, or its last check is old. */
  private async checkedAvailability(obj: KubeObject, servedHere: boolean): Promise<Availability> {
    const spec = (obj["spec"] ?? {}) as ApiServiceSpec;
    const name = obj.metadata.name!;
    if (!spec.service || servedHere) {
      if (this.checks.delete(name)) this.registries.catalog.setCustom(`apiservice:${name}`, []);
      return this.availability(obj, servedHere);
    }
    // a change to the APIService, its Service or its Endpoints means checking again at once
    const svc = spec.service;
    const rvOf = (plural: string) => this.registries.get("", plural, svc.namespace ?? "", svc.name ?? "")?.metadata.resourceVersion ?? "-";
    const rv = `${obj.metadata.resourceVersion ?? ""}/${rvOf("services")}/${rvOf("endpoints")}`;
    const prev = this.checks.get(name);
    const now = Date.now();
    if (prev && prev.rv === rv && now - prev.at < (prev.result.status === "True" ? RECHECK_MS : RETRY_MS)) return prev.result;
    const entry: BackendCheck = prev ?? { rv, at: now, result: { status: "False", reason: "", message: "" }, fingerprint: "" };
    this.checks.set(name, entry);
    const result = await this.availability(obj, servedHere);
    Object.assign(entry, { rv, at: Date.now(), result });
    if (result.status !== "True" && entry.fingerprint !== "[]") {
      entry.fingerprint = "[]";
      this.registries.catalog.setCustom(`apiservice:${name}`, []);
    }
    return result;
  }

  private async updateAvailability(obj: KubeObject, servedHere: boolean): Promise<void> {
    const want = await this.checkedAvailability(obj, servedHere);
    const cur = ((obj["status"] as { conditions?: { type: string; status: string; reason?: string; message?: string }[] } | undefined)?.conditions ?? []).find((c) => c.type === "Available");
    if (cur && cur.status === want.status && cur.reason === want.reason && cur.message === want.message) return;
    await this.reg!.update(
      scope(),
      "",
      obj.metadata.name!,
      (current) => {
        if (!current) throw new Error("gone");
        const st = { ...((current["status"] ?? {}) as Record<string, unknown>) };
        setCondition(st, { type: "Available", ...want }, new Date());
        return { ...current, status: st };
      },
      { subresource: "status", allowCreate: false, retry: true, internal: true },
    ).catch((e: unknown) => {
      if ((e as { reason?: string }).reason !== "NotFound") log.warn("could not update APIService status", { name: obj.metadata.name, err: e });
    });
  }
}
