/**
 * The container runtime as the kubelet uses it: CRI's shape (sandboxes holding a
 * pod's shared network namespace, containers inside them), in TypeScript. Every
 * implementation passes the shared contract test in test/unit/kubelet/runtime.
 *
 * Contracts:
 * - ids are opaque, unique strings; a removed id is never reused.
 * - `onEvent` listeners hear "started" after a container's process exists and
 *   "exited" once its status is final (exit code, reason); never "exited" twice.
 * - `stopContainer` sends SIGTERM (or the image's stop signal), waits up to the
 *   grace period, then SIGKILLs; it resolves when the container has exited.
 */
import type { CgroupLimits } from "../platform/cgroup.ts";

export interface Mount {
  hostPath: string;
  containerPath: string;
  readOnly?: boolean;
}

export interface SandboxConfig {
  podUid: string;
  podName: string;
  namespace: string;
  /** The hostname containers see (the pod's name unless spec.hostname says otherwise). */
  hostname: string;
  hostNetwork: boolean;
  /** Relative cgroup path of the pod; containers get a child each. "" when none. */
  cgroupParent: string;
  /** Contents of /etc/hosts (a function of the pod IP, known once the network is up) and /etc/resolv.conf. */
  etcHosts: string | ((podIP: string | undefined) => string);
  resolvConf: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface SandboxStatus {
  id: string;
  podUid: string;
  podName: string;
  namespace: string;
  state: "ready" | "notready";
  createdAt: number;
  /** Pod IP (the host's for hostNetwork); undefined until networking is set up. */
  ip?: string;
  /** Path of the network namespace (undefined for hostNetwork). */
  netns?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface ContainerConfig {
  /** Container name in the pod spec. */
  name: string;
  /** Restart count this instance is (CRI "attempt"). */
  attempt: number;
  /** Image reference as resolved by the image manager (a name in the store). */
  image: string;
  /** The full argv (entrypoint/command + cmd/args, already combined). */
  argv: string[];
  env: Array<[string, string]>;
  workingDir?: string;
  uid?: number;
  gid?: number;
  mounts: Mount[];
  logPath: string;
  limits: CgroupLimits;
  /** The container reads from a stdin that attach sessions write to (kept open between them). */
  stdin?: boolean;
  /** Its stdin is closed when the first attach session that wrote to it ends. */
  stdinOnce?: boolean;
  /** Its stdin, stdout and stderr are one pseudo-terminal; all output is logged as stdout, unbuffered. */
  tty?: boolean;
  /**
   * Another running container of the same sandbox whose process namespace this one joins
   * (CRI's TARGET namespace mode: ephemeral containers' targetContainerName).
   */
  targetContainerId?: string;
  /** Host file mounted at terminationMessagePath, read after exit. */
  terminationMessagePath?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export type ContainerStateName = "created" | "running" | "exited" | "unknown";

export interface ContainerStatus {
  id: string;
  sandboxId: string;
  name: string;
  attempt: number;
  state: ContainerStateName;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  exitCode?: number;
  /** "Completed", "Error", "OOMKilled" once exited. */
  reason?: string;
  message?: string;
  image: string;
  /** Image id (config digest). */
  imageId: string;
  /** Host pid of the container's first process while running. */
  pid?: number;
  logPath: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface ExecOptions {
  stdin?: ReadableStream<Uint8Array> | null;
  tty?: boolean;
  /** Kill the command after this long (probes). */
  timeoutMs?: number;
  env?: Array<[string, string]>;
}

export interface ExecResult {
  exitCode: number;
  stdout: Uint8Array;
  stderr: Uint8Array;
  timedOut: boolean;
}

/** A streaming exec session (kubectl exec/attach). */
/** How an exec with streams starts. */
export interface ExecStreamOptions {
  tty?: boolean;
  stdin?: boolean;
  /** The terminal's size when the command starts (tty only; 80x24 without). */
  size?: { width: number; height: number };
}

export interface ExecSession {
  stdout: ReadableStream<Uint8Array>;
  /** Null when tty (stderr is merged into stdout). */
  stderr: ReadableStream<Uint8Array> | null;
  writeStdin(data: Uint8Array): void;
  closeStdin(): void;
  resize(cols: number, rows: number): void;
  exited: Promise<number>;
  kill(signal?: NodeJS.Signals | number): void;
}

/**
 * Input to a running container's own stdin and terminal (kubectl attach); its output is
 * read from the container's log.
 */
export interface AttachSession {
  /** Ignored when the container has no stdin. */
  writeStdin(data: Uint8Array): void;
  /** The client's stdin ended: closes the container's stdin when it has stdinOnce. */
  closeStdin(): void;
  /** Resizes the container's terminal (tty only). */
  resize(cols: number, rows: number): void;
  /** The session ended (the first one to end closes a stdinOnce container's stdin). */
  close(): void;
}

export type RuntimeEvent = { type: "started" | "exited"; containerId: string; sandboxId: string };

export interface ContainerRuntime {
  readonly name: string;
  runSandbox(cfg: SandboxConfig): Promise<string>;
  /** Stops every container of the sandbox (SIGKILL) and releases its network. */
  stopSandbox(id: string): Promise<void>;
  removeSandbox(id: string): Promise<void>;
  sandboxStatus(id: string): Promise<SandboxStatus | undefined>;
  listSandboxes(): Promise<SandboxStatus[]>;

  createContainer(sandboxId: string, cfg: ContainerConfig): Promise<string>;
  startContainer(id: string): Promise<void>;
  stopContainer(id: string, gracePeriodSeconds: number): Promise<void>;
  removeContainer(id: string): Promise<void>;
  containerStatus(id: string): Promise<ContainerStatus | undefined>;
  listContainers(filter?: { sandboxId?: string }): Promise<ContainerStatus[]>;

  /** Runs a command inside a running container and collects its output. */
  execSync(id: string, argv: string[], opts?: ExecOptions): Promise<ExecResult>;
  /** Starts a command inside a running container with streams (kubectl exec). */
  exec(id: string, argv: string[], opts?: ExecStreamOptions): Promise<ExecSession>;
  /** Attaches to a running container's stdin and terminal (kubectl attach). */
  attach(id: string): Promise<AttachSession>;

  onEvent(listener: (e: RuntimeEvent) => void): () => void;
  /** Stops and removes everything (kubelet shutdown in tests). */
  close(): Promise<void>;
}

export class NotFoundError extends Error {
  constructor(kind: string, id: string) {
    super(`${kind} "${id}" not found`);
  }
}

/** Exit code of a process killed by a signal, as shells and runtimes report it. */
export function signalExitCode(signal: string | number | null | undefined): number {
  if (signal === null || signal === undefined) return 0;
  const nums: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGABRT: 6, SIGKILL: 9, SIGSEGV: 11, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15, SIGUSR1: 10, SIGUSR2: 12 };
  const n = typeof signal === "number" ? signal : (nums[signal] ?? 0);
  return 128 + n;
}
