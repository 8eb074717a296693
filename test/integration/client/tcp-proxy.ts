/**
 * A TCP pass-through proxy for tests (TLS goes through untouched): cut() drops every
 * connection and refuses new ones until restore(), which is how a test disconnects a
 * client from the apiserver without stopping the server.
 */
import type { Socket, TCPSocketListener } from "bun";

interface Pipe {
  client: Socket<Conn>;
  upstream?: Socket<Side>;
  /** Bytes the upstream has not accepted yet / bytes from the client before upstream opened. */
  toUpstream: Uint8Array[];
  toClient: Uint8Array[];
}
interface Conn {
  pipe?: Pipe;
}
interface Side {
  pipe: Pipe;
}

function flush(sock: Socket<Conn> | Socket<Side> | undefined, queue: Uint8Array[]): void {
  if (!sock) return;
  while (queue.length) {
    const chunk = queue[0] as Uint8Array;
    const n = sock.write(chunk);
    if (n < chunk.length) {
      queue[0] = chunk.subarray(Math.max(0, n));
      return;
    }
    queue.shift();
  }
}

export class TcpProxy {
  private readonly listener: TCPSocketListener<Conn>;
  private readonly pipes = new Set<Pipe>();
  private open = true;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {
    this.listener = Bun.listen<Conn>({
      hostname: "127.0.0.1",
      port: 0,
      socket: {
        open: (client) => {
          if (!this.open) {
            client.terminate();
            return;
          }
          const pipe: Pipe = { client, toUpstream: [], toClient: [] };
          client.data = { pipe };
          this.pipes.add(pipe);
          void Bun.connect<Side>({
            hostname: this.targetHost,
            port: this.targetPort,
            data: { pipe },
            socket: {
              open: (up) => {
                pipe.upstream = up;
                flush(up, pipe.toUpstream);
              },
              data: (_up, chunk) => {
                pipe.toClient.push(new Uint8Array(chunk));
                flush(pipe.client, pipe.toClient);
              },
              drain: (up) => flush(up, pipe.toUpstream),
              close: () => this.drop(pipe),
              error: () => this.drop(pipe),
            },
          }).catch(() => this.drop(pipe));
        },
        data: (client, chunk) => {
          const pipe = client.data?.pipe;
          if (!pipe) return;
          pipe.toUpstream.push(new Uint8Array(chunk));
          flush(pipe.upstream, pipe.toUpstream);
        },
        drain: (client) => {
          const pipe = client.data?.pipe;
          if (pipe) flush(client, pipe.toClient);
        },
        close: (client) => {
          if (client.data?.pipe) this.drop(client.data.pipe);
        },
        error: (client) => {
          if (client.data?.pipe) this.drop(client.data.pipe);
        },
      },
    });
  }

  get port(): number {
    return this.listener.port;
  }

  /** Number of live proxied connections. */
  get connections(): number {
    return this.pipes.size;
  }

  /** Drops every connection and refuses new ones. */
  cut(): void {
    this.open = false;
    for (const p of [...this.pipes]) this.drop(p);
  }

  restore(): void {
    this.open = true;
  }

  stop(): void {
    this.cut();
    this.listener.stop(true);
  }

  private drop(p: Pipe): void {
    if (!this.pipes.delete(p)) return;
    p.client.terminate();
    p.upstream?.terminate();
  }
}
