/**
 * Plain-HTTP listeners on private unix sockets, one per authenticated certificate identity.
 * The TLS front connects each client connection to the listener of the identity its
 * certificate proved, so a request handler learns the identity from which listener served
 * it. (Bun.serve does not expose a client's certificate; see docs/decisions.md.) The
 * sockets live in a fresh 0700 directory, so no other local user can reach them.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Server } from "bun";
import type { CertIdentity } from "./peer-identity.ts";
import { identityKey } from "./peer-identity.ts";
import { TurnBatch } from "./turn-batch.ts";
import { upgradeOf, upgradeWebSocketHandlers, type UpgradeSession } from "./upgrade.ts";

/** `arrivedAt`: performance.now() when the request was handed over, when it waited for its turn. */
export type IdentityHandler = (req: Request, server: Server<undefined>, cert: CertIdentity | undefined, arrivedAt?: number) => Response | Promise<Response>;

export interface BackendPoolOptions {
  handler: IdentityHandler;
  /** Bun's own body limit; the handler enforces the API limit with a proper Status. */
  maxRequestBodySize: number;
  /**
   * Handle the requests of an event-loop turn together (transport/turn-batch.ts), across
   * all the pool's listeners. Default on; off, each request runs as Bun hands it over.
   */
  batchTurns?: boolean;
}

async function upgradeOrAnswerWith(handler: IdentityHandler, req: Request, srv: Server<undefined>, cert: CertIdentity | undefined): Promise<Response | undefined> {
  const res = await handler(req, srv, cert);
  const up = upgradeOf(res);
  if (!up) return res;
  if ((srv as unknown as Server<UpgradeSession>).upgrade(req, { data: up.session, headers: up.headers })) return undefined;
  up.session.abandon();
  return new Response("expected a WebSocket upgrade", { status: 400 });
}

export class BackendPool {
  private readonly dir = mkdtempSync(join(tmpdir(), "kubun-api-"));
  private readonly servers = new Map<string, { path: string; server: Server<undefined> }>();
  private next = 0;
  private readonly batch: TurnBatch | undefined;

  constructor(private readonly opts: BackendPoolOptions) {
    if (opts.batchTurns !== false) this.batch = new TurnBatch(opts.handler);
  }

  /** The unix socket path serving the given identity (created on first use). */
  socketFor(cert: CertIdentity | undefined): string {
    const key = identityKey(cert);
    let entry = this.servers.get(key);
    if (!entry) {
      const path = join(this.dir, `b${this.next++}.sock`);
      const handler = this.opts.handler;
      const batch = this.batch;
      const answer = batch ? (req: Request, srv: Server<undefined>) => batch.submit(req, srv, cert) : (req: Request, srv: Server<undefined>) => handler(req, srv, cert);
      const upgradeOrAnswer = (req: Request, srv: Server<undefined>, c: CertIdentity | undefined) => upgradeOrAnswerWith(handler, req, srv, c);
      // idleTimeout 0: watches stay quiet for long periods; the types omit it for unix
      // sockets but Bun honours it (test/integration/apiserver checks a quiet watch).
      const options = {
        unix: path,
        idleTimeout: 0,
        maxRequestBodySize: this.opts.maxRequestBodySize,
        development: false,
        // Only requests asking for an upgrade take the inspecting path (at once, alone); the
        // rest return the handler's promise as it is (an extra async hop per request is
        // measurable), through the turn's batch.
        fetch: (req: Request, srv: Server<undefined>) => (req.headers.has("upgrade") ? upgradeOrAnswer(req, srv, cert) : answer(req, srv)),
        websocket: upgradeWebSocketHandlers,
      };
      const server = Bun.serve(options as unknown as Parameters<typeof Bun.serve>[0]) as Server<undefined>;
      entry = { path, server };
      this.servers.set(key, entry);
    }
    return entry.path;
  }

  get size(): number {
    return this.servers.size;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.servers.values()].map((e) => e.server.stop(true)));
    this.servers.clear();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
