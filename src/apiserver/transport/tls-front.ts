/**
 * The public HTTPS port: Bun.listen terminates TLS (client certificates requested, verified
 * against the cluster CA, never required), reads the verified peer certificate once per
 * connection, and pipes the decrypted bytes to the backend listener of that identity.
 * Connections without a verified certificate go to the anonymous listener, where bearer
 * tokens are checked per request.
 */
import type { Socket, TCPSocketListener } from "bun";
import { BackendPool } from "./backends.ts";
import { identityFromPeerCertificate, type CertIdentity } from "./peer-identity.ts";
import { PipeSide } from "./pipe.ts";

export interface TlsFrontOptions {
  hostname: string;
  port: number;
  certPem: string;
  keyPem: string;
  caPem: string;
  backends: BackendPool;
}

interface Conn {
  backend: Socket<Conn> | undefined;
  toBackend: PipeSide;
  toClient: PipeSide;
  closed: boolean;
  backendClosed: boolean;
}

export class TlsFront {
  private readonly listener: TCPSocketListener<Conn>;
  private readonly open = new Set<Socket<Conn>>();
  /** Connections accepted since start. */
  accepted = 0;

  constructor(private readonly opts: TlsFrontOptions) {
    const self = this;
    this.listener = Bun.listen<Conn>({
      hostname: opts.hostname,
      port: opts.port,
      tls: { cert: opts.certPem, key: opts.keyPem, ca: opts.caPem, requestCert: true, rejectUnauthorized: false },
      socket: {
        open(client) {
          const conn = { backend: undefined, closed: false, backendClosed: false } as Conn;
          conn.toBackend = new PipeSide(() => conn.backend as Socket<unknown> | undefined, () => client as Socket<unknown>);
          conn.toClient = new PipeSide(() => client as Socket<unknown>, () => conn.backend as Socket<unknown> | undefined);
          client.data = conn;
          self.open.add(client);
          self.accepted++;
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
          self.open.delete(client);
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
    const conn = client.data;
    const unix = this.opts.backends.socketFor(cert);
    Bun.connect<Conn>({
      unix,
      socket: {
        open(backend) {
          backend.data = conn;
          if (conn.closed) {
            backend.end();
            return;
          }
          conn.backend = backend;
          conn.toBackend.flush();
        },
        data(_backend, data) {
          conn.toClient.push(data);
        },
        drain() {
          conn.toBackend.flush();
        },
        close() {
          conn.backend = undefined;
          conn.backendClosed = true;
          if (!conn.closed && conn.toClient.buffered === 0) client.end();
        },
        error() {},
        connectError() {
          client.end();
        },
      },
    }).catch(() => client.end());
  }

  /** Stops accepting and closes every open connection. */
  stop(): void {
    this.listener.stop(true);
    for (const c of this.open) c.end();
    this.open.clear();
  }
}
