/**
 * What every ctl subcommand shares: its parsed arguments, its IO, the client built
 * from --kubeconfig/KUBECONFIG/~/.kube/config and --context, the namespace to use
 * (-n, else the context's, else "default"), and error reporting that remembers the
 * exit code.
 */
import { createClient, loadConfig, type Client, type RestConfig } from "../../client/index.ts";
import { type CtlArgs, flagBool, flagString } from "./args.ts";
import { errorText, exitCodeFor, type SourceContext } from "./errors.ts";
import { TypeResolver } from "./resources.ts";
import type { CtlIO } from "./io.ts";

export const FIELD_MANAGER = "kubun-ctl";
export const USER_AGENT = "kubun-ctl/v0.1";

export class Session {
  private _config: RestConfig | undefined;
  private _client: Client | undefined;
  private _types: TypeResolver | undefined;
  /** The exit code so far: 0 until an error is reported. */
  exitCode = 0;

  constructor(
    readonly io: CtlIO,
    readonly args: CtlArgs,
  ) {}

  get config(): RestConfig {
    if (!this._config) {
      const kubeconfig = flagString(this.args, "kubeconfig");
      const context = flagString(this.args, "context");
      const namespace = flagString(this.args, "namespace");
      this._config = loadConfig({
        ...(kubeconfig ? { kubeconfig } : {}),
        ...(context ? { context } : {}),
        ...(namespace ? { namespace } : {}),
        env: this.io.env ?? process.env,
        overrides: { userAgent: USER_AGENT, qps: 50, burst: 300, maxRetries: 2 },
      });
    }
    return this._config;
  }

  get client(): Client {
    this._client ??= createClient(this.config);
    return this._client;
  }

  /** Type names and manifest kinds as resources: built-in ones, then the server's custom resources. */
  get types(): TypeResolver {
    this._types ??= new TypeResolver(() => this.client.customResources(this.io.signal));
    return this._types;
  }

  /** The namespace commands act in: -n, else the context's, else "default". */
  get namespace(): string {
    return flagString(this.args, "namespace") || this.config.namespace || "default";
  }

  /** True when -n was given (apply then refuses objects that name another namespace). */
  get explicitNamespace(): boolean {
    return !!flagString(this.args, "namespace");
  }

  get allNamespaces(): boolean {
    return flagBool(this.args, "all-namespaces");
  }

  /** host:port of the server, as kubectl names it in connection errors. */
  get server(): string {
    try {
      return new URL(this.config.host).host;
    } catch {
      return this.config.host;
    }
  }

  /** Prints an error as kubectl does and records the exit code; the command carries on. */
  report(err: unknown, source?: SourceContext): void {
    let server: string | undefined;
    try {
      server = this.server;
    } catch {
      server = undefined;
    }
    this.io.err(errorText(err, { ...(server ? { server } : {}), ...(source ? { source } : {}) }) + "\n");
    const code = exitCodeFor(err);
    if (this.exitCode === 0 || code > this.exitCode) this.exitCode = code;
  }

  close(): void {
    this._client?.close();
  }
}
