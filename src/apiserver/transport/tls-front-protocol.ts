/** Messages between the apiserver and its TLS front running on a worker thread. */
import type { CertIdentity } from "./peer-identity.ts";

/** What the front needs to answer GETs from its read replica (absent: it never does). */
export interface FastGetConfig {
  /**
   * Int32 per replicated resource, indexed by slot: how many changes the apiserver has
   * queued for the replica. The replica is current while it has applied as many.
   */
  sequences: SharedArrayBuffer;
  /** Bearer tokens of system:masters users (the only identities answered by the front). */
  adminTokens: string[];
}

export interface TlsFrontStart {
  type: "start";
  hostname: string;
  port: number;
  certPem: string;
  keyPem: string;
  caPem: string;
  /** Int32 counters the worker keeps: [0] open connections, [1] accepted since start. */
  counters: SharedArrayBuffer;
  fastGet?: FastGetConfig;
  /** Watches of fast-mode connections go to the apiserver on this channel (absent: over the backend socket). */
  watches?: WatchChannelConfig;
}

export interface WatchChannelConfig {
  /** Bytes queued for a watching client before its watch is cut off (as the apiserver's watch limit). */
  maxBacklogBytes: number;
  /** Plain requests go down the channel too, not only watches (see channel-request.ts). */
  requests: boolean;
}

/** What the apiserver writes to channel watches, per turn: see watch-channel.ts. */
export interface WatchOutput {
  /** Per part: WATCH_WRITE or WATCH_DONE (write, and the answer is complete). */
  kinds: Uint8Array;
  /** Per part: its bytes, which follow on in `buf`. */
  lens: Int32Array;
  /** Per part: how many watch ids follow on in `ids`. */
  counts: Int32Array;
  ids: Int32Array;
  buf: ArrayBuffer;
}

export const WATCH_WRITE = 0;
export const WATCH_DONE = 1;

/**
 * Objects of one replicated resource: `keys[i]` ("namespace/name" or "name") holds the JSON
 * at `buf[offset, offset + lens[i])` (offsets run on), or was deleted when `lens[i]` is -1.
 * `seq` is the resource's sequence once these are applied.
 */
export interface ReplicaBatch {
  slot: number;
  seq: number;
  /** The watch cache's revision once these are applied (a list's resourceVersion). */
  rv: number;
  keys: string[];
  lens: Int32Array;
  buf: ArrayBuffer;
}

export interface ReplicaSnapshot extends ReplicaBatch {
  resource: string;
  listHead: string;
  kind: string;
  apiVersion: string;
  namespaced: boolean;
}

export type ToFront =
  | TlsFrontStart
  | { type: "socket"; id: number; path?: string; error?: string }
  | { type: "stop" }
  /** Report what was answered now (answered with "served", then "reported"). */
  | { type: "report" }
  /** Collect the thread's heap fully (answered with "collected"). */
  | { type: "collectGarbage" }
  /**
   * The whole resource (replaces what the replica held), with how its lists begin
   * (`{"kind":"PodList","apiVersion":"v1"`), its items' kind and apiVersion (written
   * without them) and whether it is namespaced.
   */
  | ({ type: "replicaSnapshot" } & ReplicaSnapshot)
  | ({ type: "replicaEvents" } & ReplicaBatch)
  /** The resource is not replicated (not a built-in, cached, plain resource). */
  | { type: "replicaRefused"; resource: string }
  /** Bytes for channel watches (see WatchOutput). */
  | ({ type: "watchOut" } & WatchOutput);

export type FromFront =
  | { type: "listening"; port: number }
  | { type: "failed"; error: string }
  | { type: "socketFor"; id: number; identity: CertIdentity | undefined }
  | { type: "stopped" }
  /** Please replicate this resource path (e.g. "/api/v1/pods"). */
  | { type: "replicate"; resource: string }
  /** GETs the front answered since the last report: per slot, each one's seconds. */
  | { type: "served"; slots: number[]; seconds: Float64Array[] }
  | { type: "reported" }
  | { type: "collected" }
  /** The channel requests read in one turn of the front (see ChannelRequests). */
  | ({ type: "requests" } & ChannelRequests)
  /** The client of that request is gone (or was cut off). */
  | { type: "watchCancel"; id: number };

/**
 * Requests for the message channel (channel-request.ts), as read on the front's connections:
 * per request its id, the connection's identity, its head (without the blank line) and the
 * length of its body (0: none); the bodies follow on in `buf`.
 */
export interface ChannelRequests {
  ids: number[];
  identities: (CertIdentity | undefined)[];
  heads: string[];
  lens: number[];
  buf: ArrayBuffer;
}

export const OPEN_CONNECTIONS = 0;
export const ACCEPTED_CONNECTIONS = 1;
/** Resources one front may replicate at once. */
export const REPLICA_SLOTS = 512;
