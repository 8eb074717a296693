/** Messages between the apiserver and its TLS front running on a worker thread. */
import type { CertIdentity } from "./peer-identity.ts";

export interface TlsFrontStart {
  type: "start";
  hostname: string;
  port: number;
  certPem: string;
  keyPem: string;
  caPem: string;
  /** Int32 counters the worker keeps: [0] open connections, [1] accepted since start. */
  counters: SharedArrayBuffer;
}

export type ToFront = TlsFrontStart | { type: "socket"; id: number; path?: string; error?: string } | { type: "stop" };

export type FromFront =
  | { type: "listening"; port: number }
  | { type: "failed"; error: string }
  | { type: "socketFor"; id: number; identity: CertIdentity | undefined }
  | { type: "stopped" };

export const OPEN_CONNECTIONS = 0;
export const ACCEPTED_CONNECTIONS = 1;
