/**
 * The public HTTPS port: Bun.listen terminates TLS (client certificates requested, verified
 * against the cluster CA, never required), reads the verified peer certificate once per
 * connection, and pipes the decrypted bytes to the backend listener of that identity.
 * Connections without a verified certificate go to the anonymous listener, where bearer
 * tokens are checked per request.
 */
import type { Socket, SocketHandler, TCPSocketListener, TCPSocketListenOptions } from "bun";
import { identityFromPeerCertificate, type CertIdentity } from "./peer-identity.ts";
import { PipeSide } from "./pipe.ts";

export interface TlsFrontOptions {
  hostname: string;
  port: number;
  certPem: string;
  keyPem: string;
  caPem: string;
  /** The backend socket serving an identity (undefined: no verified certificate). */
  socketFor(cert: CertIdentity | undefined): string | Promise<string>;
  /** Told by how much the open connections changed (+1 on open, -1 on close, -n on stop). */
  onConnections?(delta: number): void;
}

interface Conn {
  client: Socket<Conn>;
  backend: Socket<Conn> | undefined;
  toBackend: PipeSide;
  toClient: PipeSide;
  closed: boolean;
  backendClosed: boolean;
}

/**
 * The backend connections' handlers, one object for all of them (each connection's state
 * is its `data`): per-connection closures were a good part of an idle connection's memory.
 */
const BACKEND_HANDLERS: SocketHandler<Conn> = {
  open(backend) {
    const conn = backend.data;
    if (conn.closed) {
      backend.end();
      return;
    }
    conn.backend = backend;
    conn.toBackend.dest = backend as Socket<unknown>;
    conn.toClient.source = backend as Socket<unknown>;
    conn.toBackend.flush();
  },
  data(backend, data) {
    backend.data.toClient.push(data);
  },
  drain(backend) {
    backend.data.toBackend.flush();
  },
  close(backend) {
    const conn = backend.data;
    conn.backend = undefined;
    conn.toBackend.dest = undefined;
    conn.toClient.source = undefined;
    conn.backendClosed = true;
    if (!conn.closed && conn.toClient.buffered === 0) conn.client.end();
  },
  error() {},
  connectError(backend) {
    backend.data.client.end();
  },
};

/** Bun.listen, with an error that names the address and says when it is taken. */
function listenOrExplain(o: TlsFrontOptions, options: TCPSocketListenOptions<Conn>): TCPSocketListener<Conn> {
  try {
    return Bun.listen<Conn>(options);
  } catch (err) {
    const e = err as { code?: string; message?: string };
    const why = e.code === "EADDRINUSE" ? "the address is already in use" : (e.message ?? String(err));
    throw new Error(`cannot listen for HTTPS on ${o.hostname}:${o.port}: ${why}`);
  }
}

export class TlsFront {
  private readonly listener: TCPSocketListener<Conn>;
  private readonly open = new Set<Socket<Conn>>();
  /** Connections accepted since start. */
  accepted = 0;

  constructor(private readonly opts: TlsFrontOptions) {
    const self = this;
    this.listener = listenOrExplain(opts, {
      hostname: opts.hostname,
      port: opts.port,
      tls: { cert: opts.certPem, key: opts.keyPem, ca: opts.caPem, requestCert: true, rejectUnauthorized: false },
      socket: {
        open(client) {
          const conn: Conn = { client, backend: undefined, toBackend: new PipeSide(), toClient: new PipeSide(), closed: false, backendClosed: false };
          conn.toBackend.source = client as Socket<unknown>;
          conn.toClient.dest = client as Socket<unknown>;
          client.data = conn;
          self.open.add(client);
          self.accepted++;
          self.opts.onConnections?.(1);
        },
        handshake(client, success) {
          let cert: CertIdentity | undefined;
          if (success && client.authorized) cert = identityFromPeerCertificate(client.getPeerCertificate());
          self.connectBackend(client, cert);
        },
        data(client, data) {
          client.data.toBackend.push(data);
        },
        drain(client) {
          const conn = client.data;
          conn.toClient.flush();
          if (conn.backendClosed && conn.toClient.buffered === 0) client.end();
        },
        close(client) {
          if (self.open.delete(client)) self.opts.onConnections?.(-1);
          client.data.closed = true;
          client.data.backend?.end();
        },
        error() {},
      },
    });
  }

  get port(): number {
    return this.listener.port;
  }

  get connections(): number {
    return this.open.size;
  }

  private connectBackend(client: Socket<Conn>, cert: CertIdentity | undefined): void {
    let unix: string | Promise<string>;
    try {
      unix = this.opts.socketFor(cert);
    } catch {
      client.end();
      return;
    }
    if (typeof unix === "string") this.pipeTo(client, unix);
    else unix.then((path) => this.pipeTo(client, path), () => client.end());
  }

  private pipeTo(client: Socket<Conn>, unix: string): void {
    const conn = client.data;
    if (conn.closed) return;
    Bun.connect<Conn>({ unix, data: conn, socket: BACKEND_HANDLERS }).catch(() => client.end());
  }

  /** Stops accepting and closes every open connection. */
  stop(): void {
    this.listener.stop(true);
    for (const c of this.open) c.end();
    if (this.open.size > 0) this.opts.onConnections?.(-this.open.size);
    this.open.clear();
  }
}
