/**
 * The apiserver's own CRD controllers (upstream's apiextensions-apiserver runs them in the
 * apiserver process too): names and the Established condition in each CRD's status, the
 * custom resources served for established CRDs, and the cleanup of a deleted CRD's
 * objects before its customresourcecleanup finalizer goes.
 *
 * It works level-triggered: every change to a CRD (and every relist) schedules one pass
 * over all CRDs, and passes never overlap.
 */
import type { KubeObject } from "../../api/meta/index.ts";
import { logger } from "../../util/log.ts";
import type { UserInfo } from "../filters/user.ts";
import { deleteObject } from "../registry/delete.ts";
import type { RegistrySet } from "../registry/registry-set.ts";
import type { ResourceRegistry } from "../registry/resource-registry.ts";
import type { RequestScope } from "../registry/scope.ts";
import { setCondition } from "../registry/conditions.ts";
import { CLEANUP_FINALIZER } from "../registry/strategies/custom-resource-definitions.ts";
import { Predicate } from "../watchcache/predicate.ts";
import { SerialPasses } from "../util/serial-passes.ts";
import { customResourceInfos, servingFingerprint, type CrdState } from "./behaviour.ts";
import { acceptNames, conditionOf, statusOf, type CrdCondition } from "./names.ts";

const log = logger("crd-controller");

const SYSTEM_USER: UserInfo = { name: "system:apiserver", groups: ["system:masters", "system:authenticated"] };

/** How often a pass runs without a change, to catch what a relist did not announce. */
const RESYNC_MS = 30_000;
/** How long a cleanup waits for deleted objects with finalizers before it looks again. */
const CLEANUP_RECHECK_MS = 1_000;

function scope(): RequestScope {
  return { user: SYSTEM_USER, dryRun: false, fieldManager: "kube-apiserver", fieldValidation: "Ignore", force: false, warnings: [], now: new Date() };
}

function sameCondition(a: CrdCondition | undefined, b: CrdCondition): boolean {
  return !!a && a.status === b.status && a.reason === b.reason && a.message === b.message;
}

export class CustomResourceController {
  private readonly served = new Map<string, { fingerprint: string; state: CrdState }>();
  private readonly cleaning = new Set<string>();
  private unsubscribe: (() => void) | undefined;
  private readonly passes = new SerialPasses(() => this.pass(), (err) => log.error("custom resource pass failed", { err }));

  constructor(private readonly registries: RegistrySet) {}

  private get crds(): ResourceRegistry {
    return this.registries.registry({ group: "apiextensions.k8s.io", plural: "customresourcedefinitions" })!;
  }

  /** Serves the stored CRDs' resources, then follows changes. Resolves after the first pass. */
  async start(): Promise<void> {
    await this.crds.cache.ready;
    this.unsubscribe = this.crds.cache.subscribe(() => this.schedule());
    this.passes.resyncEvery(RESYNC_MS);
    this.schedule();
    await this.idle();
  }

  /** Resolves when no pass is running or queued (tests, start-up). */
  async idle(): Promise<void> {
    await this.passes.idle();
  }

  stop(): void {
    this.passes.stop();
    this.unsubscribe?.();
  }

  private schedule(): void {
    this.passes.schedule();
  }

  private async pass(): Promise<void> {
    const all = this.crds.cache.list(Predicate.everything(this.crds.ri)).map((o) => o.obj);
    const present = new Set<string>();
    for (const crd of all) {
      const name = crd.metadata.name!;
      present.add(name);
      if (await this.updateNames(crd, all)) continue; // the status write comes back as an event
      await this.serve(crd);
      if (crd.metadata.deletionTimestamp && (crd.metadata.finalizers ?? []).includes(CLEANUP_FINALIZER)) this.cleanup(crd);
    }
    for (const name of [...this.served.keys()]) {
      if (present.has(name)) continue;
      this.served.delete(name);
      await this.registries.setCustomResources(name, []);
      log.info("stopped serving custom resources", { crd: name });
    }
  }

  /** Writes accepted names and conditions when they change; true when it wrote. */
  private async updateNames(crd: KubeObject, all: readonly KubeObject[]): Promise<boolean> {
    if (crd.metadata.deletionTimestamp) return false;
    const result = acceptNames(crd, all);
    const status = statusOf(crd);
    if (
      JSON.stringify(status.acceptedNames ?? null) === JSON.stringify(result.acceptedNames) &&
      sameCondition(conditionOf(crd, "NamesAccepted"), result.namesAccepted) &&
      sameCondition(conditionOf(crd, "Established"), result.established)
    ) {
      return false;
    }
    await this.crds.update(
      scope(),
      "",
      crd.metadata.name!,
      (cur) => {
        if (!cur) throw new Error("gone");
        const st = { ...((cur["status"] ?? {}) as Record<string, unknown>) };
        st["acceptedNames"] = result.acceptedNames;
        const now = new Date();
        setCondition(st, result.namesAccepted, now);
        setCondition(st, result.established, now);
        return { ...cur, status: st };
      },
      { subresource: "status", allowCreate: false, retry: true, internal: true },
    ).catch((e: unknown) => log.warn("could not update CRD status", { crd: crd.metadata.name, err: e }));
    return true;
  }

  /** Serves the CRD's versions when established; keeps the served set in step with its spec. */
  private async serve(crd: KubeObject): Promise<void> {
    const name = crd.metadata.name!;
    const established = conditionOf(crd, "Established")?.status === "True";
    const current = this.served.get(name);
    if (!established) {
      if (current) {
        this.served.delete(name);
        await this.registries.setCustomResources(name, []);
      }
      return;
    }
    const fingerprint = servingFingerprint(crd);
    const terminating = crd.metadata.deletionTimestamp !== undefined;
    if (current && current.fingerprint === fingerprint) {
      current.state.terminating = terminating;
      return;
    }
    const state: CrdState = { terminating };
    const infos = customResourceInfos(crd, state);
    // recorded only once served: a failure (the store, say) is tried again on the next pass
    await this.registries.setCustomResources(name, infos);
    this.served.set(name, { fingerprint, state });
    log.info("serving custom resources", { crd: name, versions: infos.map((i) => i.version) });
  }

  /** Deletes every object of a deleted CRD, then lets the CRD go (upstream's CRDFinalizer). */
  private cleanup(crd: KubeObject): void {
    const name = crd.metadata.name!;
    if (this.cleaning.has(name)) return;
    this.cleaning.add(name);
    void this.runCleanup(name)
      .catch((e: unknown) => log.error("custom resource cleanup failed", { crd: name, err: e }))
      .finally(() => {
        this.cleaning.delete(name);
        this.schedule();
      });
  }

  private async setTerminating(name: string, reason: string, message: string, dropFinalizer: boolean): Promise<void> {
    await this.crds.update(
      scope(),
      "",
      name,
      (cur) => {
        if (!cur) throw new Error("gone");
        const st = { ...((cur["status"] ?? {}) as Record<string, unknown>) };
        setCondition(st, { type: "Terminating", status: "True", reason, message }, new Date());
        const next: KubeObject = { ...cur, metadata: { ...cur.metadata }, status: st };
        if (dropFinalizer) {
          const fins = (cur.metadata.finalizers ?? []).filter((f) => f !== CLEANUP_FINALIZER);
          if (fins.length > 0) next.metadata.finalizers = fins;
          else delete next.metadata.finalizers;
        }
        return next;
      },
      { subresource: "", allowCreate: false, retry: true, internal: true },
    );
  }

  private async runCleanup(name: string): Promise<void> {
    await this.setTerminating(name, "InstanceDeletionInProgress", "CustomResource deletion is in progress", false);
    const crd = this.registries.get("apiextensions.k8s.io", "customresourcedefinitions", "", name);
    const group = (crd?.["spec"] as { group?: string } | undefined)?.group;
    const plural = (statusOf(crd ?? ({ metadata: {} } as KubeObject)).acceptedNames ?? { plural: "" }).plural;
    const reg = group && plural ? this.registries.registry({ group, plural }) : undefined;
    if (reg && reg.ri.custom?.crd === name) {
      for (let round = 0; !this.passes.isStopped; round++) {
        const items = reg.cache.list(Predicate.everything(reg.ri));
        if (items.length === 0) break;
        let rv = 0;
        for (const o of items) {
          if (o.obj.metadata.deletionTimestamp) continue;
          try {
            const out = await deleteObject(reg, scope(), o.namespace, o.name, {});
            rv = Math.max(rv, Number(out.obj.metadata.resourceVersion ?? 0));
          } catch (e) {
            if ((e as { reason?: string }).reason !== "NotFound") throw e;
          }
        }
        if (rv > 0) await reg.cache.waitFor(rv, 5_000);
        if (reg.cache.list(Predicate.everything(reg.ri)).length === 0) break;
        if (round === 0) log.info("waiting for custom resources with finalizers", { crd: name });
        await Bun.sleep(CLEANUP_RECHECK_MS);
      }
    }
    if (this.passes.isStopped) return;
    await this.setTerminating(name, "InstanceDeletionCompleted", "removed all instances", true);
  }
}
