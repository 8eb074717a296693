/**
 * What this controller last wrote for each Service's EndpointSlices (upstream's
 * EndpointSliceTracker): the resourceVersion of every slice it created or updated, and the
 * slices it deleted. Until the informer cache shows at least those versions (and no longer
 * shows the deleted slices), a sync would plan from a stale picture (for instance create a
 * second slice for endpoints it just put in one), so it waits and retries instead.
 */
import type { EndpointSlice } from "../../api/types/index.ts";

const DELETED = -1;

export class StaleSlicesError extends Error {
  constructor(service: string) {
    super(`the EndpointSlice cache is out of date for service ${service}`);
    this.name = "StaleSlicesError";
  }
}

export class EndpointSliceTracker {
  /** service key -> slice uid -> resourceVersion written (DELETED: deletion expected). */
  private readonly byService = new Map<string, Map<string, number>>();

  /** Records a slice as the API server answered a create or update. */
  written(service: string, slice: EndpointSlice): void {
    const uid = slice.metadata.uid;
    const rv = Number(slice.metadata.resourceVersion);
    if (!uid || !Number.isFinite(rv)) return;
    this.slicesOf(service).set(uid, rv);
  }

  /** Records that this controller deleted the slice. */
  deleted(service: string, slice: EndpointSlice): void {
    const uid = slice.metadata.uid;
    if (uid) this.slicesOf(service).set(uid, DELETED);
  }

  /** The informer saw the slice go (whoever deleted it): nothing more to wait for. */
  gone(service: string, slice: EndpointSlice): void {
    const m = this.byService.get(service);
    const uid = slice.metadata.uid;
    if (!m || !uid) return;
    m.delete(uid);
    if (m.size === 0) this.byService.delete(service);
  }

  /** The Service is gone: forget its slices. */
  forget(service: string): void {
    this.byService.delete(service);
  }

  /** True while `cached` (the informer's slices of the service) lags behind what was written. */
  stale(service: string, cached: readonly EndpointSlice[]): boolean {
    const m = this.byService.get(service);
    if (!m) return false;
    const seen = new Map<string, EndpointSlice>();
    for (const s of cached) if (s.metadata.uid) seen.set(s.metadata.uid, s);
    for (const [uid, rv] of m) {
      const s = seen.get(uid);
      if (rv === DELETED) {
        if (s) return true;
        m.delete(uid); // the deletion is visible now
        continue;
      }
      if (!s || Number(s.metadata.resourceVersion) < rv) return true;
    }
    return false;
  }

  private slicesOf(service: string): Map<string, number> {
    let m = this.byService.get(service);
    if (!m) this.byService.set(service, (m = new Map()));
    return m;
  }
}
