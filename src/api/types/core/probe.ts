/** core/v1 probes and lifecycle hooks (exec, httpGet, tcpSocket, grpc, sleep). */
import { s, type Infer } from "../../schema/dsl.ts";

export const ExecActionSchema = s.object(
  {
    command: s.array(s.string(), { listType: "atomic" }),
  },
  { name: "io.k8s.api.core.v1.ExecAction" },
);
export type ExecAction = Infer<typeof ExecActionSchema>;

export const HTTPHeaderSchema = s.object(
  {
    name: s.string(),
    value: s.string(),
  },
  { name: "io.k8s.api.core.v1.HTTPHeader", required: ["name", "value"] },
);
export type HTTPHeader = Infer<typeof HTTPHeaderSchema>;

export const HTTPGetActionSchema = s.object(
  {
    path: s.string(),
    port: s.intOrString(),
    host: s.string(),
    scheme: s.enum(["HTTP", "HTTPS"]),
    httpHeaders: s.array(HTTPHeaderSchema, { listType: "atomic" }),
  },
  { name: "io.k8s.api.core.v1.HTTPGetAction", required: ["port"] },
);
export type HTTPGetAction = Infer<typeof HTTPGetActionSchema>;

export const TCPSocketActionSchema = s.object(
  {
    port: s.intOrString(),
    host: s.string(),
  },
  { name: "io.k8s.api.core.v1.TCPSocketAction", required: ["port"] },
);
export type TCPSocketAction = Infer<typeof TCPSocketActionSchema>;

export const GRPCActionSchema = s.object(
  {
    port: s.int32(),
    service: s.string(),
  },
  { name: "io.k8s.api.core.v1.GRPCAction", required: ["port"] },
);
export type GRPCAction = Infer<typeof GRPCActionSchema>;

/** Fields of ProbeHandler, inlined into the types that embed it. */
export const ProbeHandlerFields = {
  exec: ExecActionSchema,
  httpGet: HTTPGetActionSchema,
  tcpSocket: TCPSocketActionSchema,
  grpc: GRPCActionSchema,
};
export const ProbeHandlerSchema = s.object(ProbeHandlerFields, { name: "io.k8s.api.core.v1.ProbeHandler" });
export type ProbeHandler = Infer<typeof ProbeHandlerSchema>;

export const ProbeSchema = s.object(
  {
    ...ProbeHandlerFields,
    initialDelaySeconds: s.int32(),
    timeoutSeconds: s.int32(),
    periodSeconds: s.int32(),
    successThreshold: s.int32(),
    failureThreshold: s.int32(),
    terminationGracePeriodSeconds: s.int64(),
  },
  { name: "io.k8s.api.core.v1.Probe" },
);
export type Probe = Infer<typeof ProbeSchema>;

export const SleepActionSchema = s.object(
  {
    seconds: s.int64(),
  },
  { name: "io.k8s.api.core.v1.SleepAction", required: ["seconds"] },
);
export type SleepAction = Infer<typeof SleepActionSchema>;

export const LifecycleHandlerSchema = s.object(
  {
    exec: ExecActionSchema,
    httpGet: HTTPGetActionSchema,
    tcpSocket: TCPSocketActionSchema,
    sleep: SleepActionSchema,
  },
  { name: "io.k8s.api.core.v1.LifecycleHandler" },
);
export type LifecycleHandler = Infer<typeof LifecycleHandlerSchema>;

export const LifecycleSchema = s.object(
  {
    postStart: LifecycleHandlerSchema,
    preStop: LifecycleHandlerSchema,
    stopSignal: s.enum(["SIGABRT", "SIGALRM", "SIGBUS", "SIGCHLD", "SIGCLD", "SIGCONT", "SIGFPE", "SIGHUP", "SIGILL", "SIGINT", "SIGIO", "SIGIOT", "SIGKILL", "SIGPIPE", "SIGPOLL", "SIGPROF", "SIGPWR", "SIGQUIT", "SIGSEGV", "SIGSTKFLT", "SIGSTOP", "SIGSYS", "SIGTERM", "SIGTRAP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGUSR1", "SIGUSR2", "SIGVTALRM", "SIGWINCH", "SIGXCPU", "SIGXFSZ", "SIGRTMIN", "SIGRTMIN+1", "SIGRTMIN+2", "SIGRTMIN+3", "SIGRTMIN+4", "SIGRTMIN+5", "SIGRTMIN+6", "SIGRTMIN+7", "SIGRTMIN+8", "SIGRTMIN+9", "SIGRTMIN+10", "SIGRTMIN+11", "SIGRTMIN+12", "SIGRTMIN+13", "SIGRTMIN+14", "SIGRTMIN+15", "SIGRTMAX-14", "SIGRTMAX-13", "SIGRTMAX-12", "SIGRTMAX-11", "SIGRTMAX-10", "SIGRTMAX-9", "SIGRTMAX-8", "SIGRTMAX-7", "SIGRTMAX-6", "SIGRTMAX-5", "SIGRTMAX-4", "SIGRTMAX-3", "SIGRTMAX-2", "SIGRTMAX-1", "SIGRTMAX"]),
  },
  { name: "io.k8s.api.core.v1.Lifecycle" },
);
export type Lifecycle = Infer<typeof LifecycleSchema>;
