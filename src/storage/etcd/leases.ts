/**
 * Leases for TTL'd keys. As kube-apiserver's lease manager does, a lease is reused by
 * writes with the same TTL for a short window, and granted that much longer than asked,
 * so a burst of Events does not create one lease per write and no key expires early
 * (it may expire up to the reuse window late).
 */
import type { Etcd3 } from "etcd3";

const REUSE_MS = 1000;

export class LeaseManager {
  private readonly current = new Map<number, { id: string; grantedAt: number }>();
  private readonly pending = new Map<number, Promise<string>>();

  constructor(private readonly client: Etcd3) {}

  /** A lease id that keeps a key at least `ttlSeconds` (rounded up to whole seconds). */
  async leaseFor(ttlSeconds: number): Promise<string> {
    const ttl = Math.max(1, Math.ceil(ttlSeconds));
    const now = Date.now();
    const cur = this.current.get(ttl);
    if (cur && now - cur.grantedAt < REUSE_MS) return cur.id;
    const inflight = this.pending.get(ttl);
    if (inflight) return inflight;
    const p = this.client.leaseClient
      .leaseGrant({ TTL: ttl + Math.ceil(REUSE_MS / 1000), ID: 0 })
      .then((res) => {
        this.current.set(ttl, { id: res.ID, grantedAt: now });
        return res.ID;
      })
      .finally(() => this.pending.delete(ttl));
    this.pending.set(ttl, p);
    return p;
  }
}
