/**
 * Everything needed to reach one apiserver as one identity: the resolved form of a
 * kubeconfig context or of the in-cluster service account (client-go's rest.Config).
 */
export interface RestConfig {
  /** Base URL, e.g. "https://127.0.0.1:6443" (may carry a path prefix). */
  host: string;
  /** PEM of the CA bundle that signs the serving certificate. */
  caData?: string;
  /** PEM client certificate and key for mTLS. */
  certData?: string;
  keyData?: string;
  insecureSkipTLSVerify?: boolean;
  /** Expected server name in the serving certificate (SNI / verification override). */
  tlsServerName?: string;
  bearerToken?: string;
  /** A file holding the bearer token; re-read at most once a minute (rotating tokens). */
  bearerTokenFile?: string;
  username?: string;
  password?: string;
  /**
   * Client-side rate limit. Defaults: 50 QPS, burst 100 (what kube-scheduler and
   * kube-controller-manager configure; client-go's bare default is 5/10).
   * qps < 0 disables limiting.
   */
  qps?: number;
  burst?: number;
  /** Per-request timeout in ms for non-streaming requests (0/undefined: none). */
  timeoutMs?: number;
  userAgent?: string;
  /** Retries of a request answered 429, or 5xx for idempotent verbs (default 5). */
  maxRetries?: number;
  /**
   * Most requests in flight at once (watches and other streams not counted; default 32);
   * the rest wait their turn. Over HTTP/1.1 each request in flight holds a connection, and
   * Bun keeps a bounded pool of idle ones: bursts beyond it opened and closed a TLS
   * connection per request. client-go gets the same effect from HTTP/2's one connection.
   */
  maxInFlight?: number;
  /**
   * Reach the apiserver through this local unix socket instead of `host`'s address: plain
   * HTTP without TLS. The apiserver's private sockets each stand for one certificate
   * identity (kubun server gives its own roles the socket of theirs); a bearer token, if
   * configured, is still sent. `host`'s path prefix still applies.
   */
  unixSocket?: string;
  /** The namespace of the selected context ("default" when unset). */
  namespace?: string;
  /** Name of the kubeconfig context this came from, when it came from one. */
  contextName?: string;
}

export const DEFAULT_QPS = 50;
export const DEFAULT_BURST = 100;
export const DEFAULT_MAX_RETRIES = 5;
export const DEFAULT_MAX_IN_FLIGHT = 32;
