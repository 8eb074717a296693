/**
 * Worker-thread entry of the TLS front (see tls-front-thread.ts): terminates TLS on a thread
 * of its own. Plain requests and watches go to the apiserver's JS thread as messages, in
 * batches (request-batch.ts, watch-channel.ts); anything else is piped to the backend
 * socket of the connection's identity, which is asked of the apiserver's thread (it owns
 * the listeners) once, then remembered.
 */
import { identityKey, type CertIdentity } from "./peer-identity.ts";
import { ReadReplicas } from "./read-replica.ts";
import { RequestBatch } from "./request-batch.ts";
import { TlsFront, type FrontFastGet } from "./tls-front.ts";
import { ACCEPTED_CONNECTIONS, OPEN_CONNECTIONS, type FastGetConfig, type FromFront, type ToFront } from "./tls-front-protocol.ts";

declare const self: Worker;

const post = (m: FromFront, transfer?: ArrayBuffer[]) => self.postMessage(m, transfer ?? []);
const known = new Map<string, string>();
const asked = new Map<number, { resolve(path: string): void; reject(err: Error): void }>();
const pending = new Map<string, Promise<string>>();
let nextId = 0;
let front: TlsFront | undefined;
let replicas: ReadReplicas | undefined;
/** Per slot, the seconds of each GET answered since the last report. */
let served = new Map<number, number[]>();
let reportTimer: ReturnType<typeof setInterval> | undefined;

/** Sends the apiserver what the front answered, for its request metrics. */
function report(): void {
  if (served.size === 0) return;
  const slots = [...served.keys()];
  const seconds = slots.map((slot) => Float64Array.from(served.get(slot)!));
  served = new Map();
  post({ type: "served", slots, seconds });
}

function fastGet(config: FastGetConfig): FrontFastGet {
  replicas = new ReadReplicas(config.sequences, (resource) => post({ type: "replicate", resource }));
  reportTimer = setInterval(report, 1000);
  return {
    replicas,
    adminTokens: new Set(config.adminTokens),
    served(slot, seconds) {
      let list = served.get(slot);
      if (!list) served.set(slot, (list = []));
      list.push(seconds);
    },
  };
}

/** The channel requests read here, sent to the apiserver in batches (request-batch.ts). */
const requests = new RequestBatch((batch, transfer) => post({ type: "requests", ...batch }, transfer));

function socketFor(cert: CertIdentity | undefined): string | Promise<string> {
  const key = identityKey(cert);
  const path = known.get(key);
  if (path !== undefined) return path;
  let p = pending.get(key);
  if (!p) {
    const id = nextId++;
    p = new Promise<string>((resolve, reject) => asked.set(id, { resolve, reject }));
    pending.set(key, p);
    p.then(
      (got) => {
        known.set(key, got);
        pending.delete(key);
      },
      () => pending.delete(key),
    );
    post({ type: "socketFor", id, identity: cert });
  }
  return p;
}

self.onmessage = (ev: MessageEvent<ToFront>) => {
  const m = ev.data;
  if (m.type === "socket") {
    const w = asked.get(m.id);
    asked.delete(m.id);
    if (m.path !== undefined) w?.resolve(m.path);
    else w?.reject(new Error(m.error ?? "no backend"));
    return;
  }
  if (m.type === "collectGarbage") {
    Bun.gc(true);
    post({ type: "collected" });
    return;
  }
  if (m.type === "report") {
    report();
    post({ type: "reported" });
    return;
  }
  if (m.type === "replicaSnapshot") return replicas?.snapshot(m.resource, m);
  if (m.type === "replicaEvents") return replicas?.events(m);
  if (m.type === "replicaRefused") return replicas?.refused(m.resource);
  if (m.type === "watchOut") return front?.watchOut(m);
  if (m.type === "start") {
    const counters = new Int32Array(m.counters);
    try {
      front = new TlsFront({
        hostname: m.hostname,
        port: m.port,
        certPem: m.certPem,
        keyPem: m.keyPem,
        caPem: m.caPem,
        socketFor,
        ...(m.fastGet ? { fastGet: fastGet(m.fastGet) } : {}),
        ...(m.watches
          ? {
              watches: {
                maxBacklogBytes: m.watches.maxBacklogBytes,
                requests: m.watches.requests,
                open: (id, identity, head, body, unanswered) => requests.add(id, identity, head, body, unanswered),
                answered: (unanswered) => requests.answered(unanswered),
                cancel: (id) => {
                  // the request's own message goes first, so the apiserver never opens what was cancelled
                  requests.flush();
                  post({ type: "watchCancel", id });
                },
              },
            }
          : {}),
        onConnections(delta) {
          Atomics.add(counters, OPEN_CONNECTIONS, delta);
          if (delta > 0) Atomics.add(counters, ACCEPTED_CONNECTIONS, delta);
        },
      });
    } catch (err) {
      post({ type: "failed", error: err instanceof Error ? err.message : String(err) });
      return;
    }
    post({ type: "listening", port: front.port });
    return;
  }
  front?.stop();
  front = undefined;
  if (reportTimer) clearInterval(reportTimer);
  report();
  post({ type: "stopped" });
};
