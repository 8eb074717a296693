/**
 * APIServices (upstream's kube-aggregator controllers, in the apiserver as upstream runs
 * them): every group version this server serves has a Local APIService
 * (`<version>.<group>`, "v1." for the core group), created at start for the built-in ones
 * and as custom resources come and go for theirs, labelled
 * kube-aggregator.kubernetes.io/automanaged as upstream's, and deleted when the group
 * version stops being served. Local ones are Available. An APIService naming a Service is
 * checked as upstream's availability controller does (the Service, then its endpoints); it
 * is not proxied to, so one whose group version this server does not serve itself stays
 * unavailable, saying so.
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
import { prioritiesOf } from "./priorities.ts";

const log = logger("apiservices");
const SYSTEM_USER: UserInfo = { name: "system:apiserver", groups: ["system:masters", "system:authenticated"] };
const AUTOMANAGED = "kube-aggregator.kubernetes.io/automanaged";
const RESYNC_MS = 30_000;

interface ApiServiceSpec {
  group?: string;
  version?: string;
  service?: { namespace?: string; name?: string; port?: number };
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
  private running: Promise<void> = Promise.resolve();
  private queued = false;
  private stopped = false;
  private readonly unsubscribe: (() => void)[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly registries: RegistrySet) {}

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
    this.timer = setInterval(() => this.schedule(), RESYNC_MS);
    this.timer.unref?.();
    this.schedule();
    await this.idle();
  }

  async idle(): Promise<void> {
    for (;;) {
      const r = this.running;
      await r;
      if (r === this.running && !this.queued) return;
    }
  }

  stop(): void {
    this.stopped = true;
    for (const u of this.unsubscribe) u();
    if (this.timer) clearInterval(this.timer);
  }

  private schedule(): void {
    if (this.queued || this.stopped) return;
    this.queued = true;
    this.running = this.running.then(async () => {
      this.queued = false;
      if (this.stopped) return;
      try {
        await this.pass();
      } catch (e) {
        log.error("APIService pass failed", { err: e });
      }
    });
  }

  /** The group versions served here, with whether they are custom resources'. */
  private served(): Map<string, { group: string; version: string; custom: boolean }> {
    const out = new Map<string, { group: string; version: string; custom: boolean }>();
    for (const ri of this.registries.catalog.all()) {
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
  }

  private availability(obj: KubeObject, servedHere: boolean): Availability {
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
    return { status: "False", reason: "FailedDiscoveryCheck", message: "aggregated API servers are not proxied to by this apiserver" };
  }

  private async updateAvailability(obj: KubeObject, servedHere: boolean): Promise<void> {
    const want = this.availability(obj, servedHere);
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
