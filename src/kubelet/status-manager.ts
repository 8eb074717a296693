/**
 * Writes pod statuses to the API: the latest status per pod is kept, writes are
 * coalesced per pod (at most one in flight; a newer status waits for it), unchanged
 * statuses are not sent again, failed writes are retried with a delay.
 */
import type { KubeletApi } from "./api/kubelet-api.ts";
import type { PodStatus } from "./api/types.ts";

interface Entry {
  namespace: string;
  name: string;
  /** uid the API object has (a mirror pod's for static pods). */
  apiUid: string;
  latest: PodStatus;
  sent?: string;
  inflight?: Promise<void> | undefined;
  dirty: boolean;
}

export class StatusManager {
  private entries = new Map<string, Entry>();
  private closed = false;

  constructor(
    private readonly api: KubeletApi,
    private readonly onError: (e: unknown) => void = () => {},
    private readonly retryMs = 1000,
  ) {}

  get(uid: string): PodStatus | undefined {
    return this.entries.get(uid)?.latest;
  }

  set(uid: string, target: { namespace: string; name: string; apiUid: string }, status: PodStatus): void {
    let e = this.entries.get(uid);
    if (!e) {
      e = { ...target, latest: status, dirty: true };
      this.entries.set(uid, e);
    } else {
      Object.assign(e, target);
      e.latest = status;
      e.dirty = true;
    }
    this.flush(uid);
  }

  /** Resolves when the pod's latest status has been written (or given up after close). */
  async synced(uid: string): Promise<void> {
    for (;;) {
      const e = this.entries.get(uid);
      if (!e || (!e.dirty && !e.inflight) || this.closed) return;
      await (e.inflight ?? Bun.sleep(10));
    }
  }

  forget(uid: string): void {
    this.entries.delete(uid);
  }

  close(): void {
    this.closed = true;
  }

  private flush(uid: string): void {
    const e = this.entries.get(uid);
    if (!e || e.inflight || !e.dirty || this.closed) return;
    e.dirty = false;
    const body = JSON.stringify(e.latest);
    if (body === e.sent) return;
    const status = e.latest;
    e.inflight = (async () => {
      try {
        await this.api.patchPodStatus(e.namespace, e.name, e.apiUid, status);
        e.sent = body;
      } catch (err) {
        this.onError(err);
        e.dirty = true;
        await Bun.sleep(this.retryMs);
      } finally {
        e.inflight = undefined;
      }
      if (this.entries.get(uid) === e) this.flush(uid);
    })();
  }
}
