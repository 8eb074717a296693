/** core/v1 probes and lifecycle hooks (exec, httpGet, tcpSocket, grpc, sleep). */
import { s, type Infer } from "../../schema/dsl.ts";

export const ExecActionSchema = s.object(
  {
    command: s.array(s.string(), { listType: "atomic" }).doc("Command and arguments, run without a shell."),
  },
  { name: "io.k8s.api.core.v1.ExecAction", description: "Runs a command in the container." },
);
export type ExecAction = Infer<typeof ExecActionSchema>;

export const HTTPHeaderSchema = s.object(
  {
    name: s.string().doc("Header name."),
    value: s.string().doc("Header value."),
  },
  { name: "io.k8s.api.core.v1.HTTPHeader", description: "An HTTP header.", required: ["name", "value"] },
);
export type HTTPHeader = Infer<typeof HTTPHeaderSchema>;

export const HTTPGetActionSchema = s.object(
  {
    path: s.string().doc("Path to request."),
    port: s.intOrString().doc("Port number or name to connect to."),
    host: s.string().doc("Host to connect to; defaults to the pod IP."),
    scheme: s.enum(["HTTP", "HTTPS"]).doc("HTTP or HTTPS; defaults to HTTP."),
    httpHeaders: s.array(HTTPHeaderSchema, { listType: "atomic" }).doc("Custom request headers."),
  },
  { name: "io.k8s.api.core.v1.HTTPGetAction", description: "An HTTP GET request.", required: ["port"] },
);
export type HTTPGetAction = Infer<typeof HTTPGetActionSchema>;

export const TCPSocketActionSchema = s.object(
  {
    port: s.intOrString().doc("Port number or name to connect to."),
    host: s.string().doc("Host to connect to; defaults to the pod IP."),
  },
  { name: "io.k8s.api.core.v1.TCPSocketAction", description: "A TCP connection attempt.", required: ["port"] },
);
export type TCPSocketAction = Infer<typeof TCPSocketActionSchema>;

export const GRPCActionSchema = s.object(
  {
    port: s.int32().doc("Port of the gRPC service."),
    service: s.string().doc("Service name passed in the health check request."),
  },
  { name: "io.k8s.api.core.v1.GRPCAction", description: "A gRPC health check.", required: ["port"] },
);
export type GRPCAction = Infer<typeof GRPCActionSchema>;

/** Fields of ProbeHandler, inlined into the types that embed it. */
export const ProbeHandlerFields = {
  exec: ExecActionSchema.doc("Run a command in the container; exit status 0 is success."),
  httpGet: HTTPGetActionSchema.doc("Send an HTTP GET; a 2xx or 3xx status is success."),
  tcpSocket: TCPSocketActionSchema.doc("Open a TCP connection; connecting is success."),
  grpc: GRPCActionSchema.doc("Call the gRPC health checking service."),
};
export const ProbeHandlerSchema = s.object(ProbeHandlerFields, { name: "io.k8s.api.core.v1.ProbeHandler", description: "The action a probe performs." });
export type ProbeHandler = Infer<typeof ProbeHandlerSchema>;

export const ProbeSchema = s.object(
  {
    ...ProbeHandlerFields,
    initialDelaySeconds: s.int32().doc("Seconds after start before probes begin."),
    timeoutSeconds: s.int32().doc("Seconds after which the probe times out; defaults to 1."),
    periodSeconds: s.int32().doc("How often, in seconds, the probe runs; defaults to 10."),
    successThreshold: s.int32().doc("Consecutive successes to count as success after a failure; defaults to 1."),
    failureThreshold: s.int32().doc("Consecutive failures to count as failure; defaults to 3."),
    terminationGracePeriodSeconds: s.int64().doc("Grace period used when a failed probe kills the container."),
  },
  { name: "io.k8s.api.core.v1.Probe", description: "A health check run against a container." },
);
export type Probe = Infer<typeof ProbeSchema>;

export const SleepActionSchema = s.object(
  {
    seconds: s.int64().doc("Seconds to sleep."),
  },
  { name: "io.k8s.api.core.v1.SleepAction", description: "Waits for a duration.", required: ["seconds"] },
);
export type SleepAction = Infer<typeof SleepActionSchema>;

export const LifecycleHandlerSchema = s.object(
  {
    exec: ExecActionSchema.doc("Run a command in the container."),
    httpGet: HTTPGetActionSchema.doc("Send an HTTP GET."),
    tcpSocket: TCPSocketActionSchema.doc("Deprecated; kept for compatibility."),
    sleep: SleepActionSchema.doc("Sleep for a number of seconds."),
  },
  { name: "io.k8s.api.core.v1.LifecycleHandler", description: "An action run on a lifecycle event." },
);
export type LifecycleHandler = Infer<typeof LifecycleHandlerSchema>;

export const LifecycleSchema = s.object(
  {
    postStart: LifecycleHandlerSchema.doc("Runs right after the container starts; on failure the container is restarted."),
    preStop: LifecycleHandlerSchema.doc("Runs before the container is terminated; the grace period covers it."),
    stopSignal: s.enum(["SIGABRT", "SIGALRM", "SIGBUS", "SIGCHLD", "SIGCLD", "SIGCONT", "SIGFPE", "SIGHUP", "SIGILL", "SIGINT", "SIGIO", "SIGIOT", "SIGKILL", "SIGPIPE", "SIGPOLL", "SIGPROF", "SIGPWR", "SIGQUIT", "SIGSEGV", "SIGSTKFLT", "SIGSTOP", "SIGSYS", "SIGTERM", "SIGTRAP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGUSR1", "SIGUSR2", "SIGVTALRM", "SIGWINCH", "SIGXCPU", "SIGXFSZ", "SIGRTMIN", "SIGRTMIN+1", "SIGRTMIN+2", "SIGRTMIN+3", "SIGRTMIN+4", "SIGRTMIN+5", "SIGRTMIN+6", "SIGRTMIN+7", "SIGRTMIN+8", "SIGRTMIN+9", "SIGRTMIN+10", "SIGRTMIN+11", "SIGRTMIN+12", "SIGRTMIN+13", "SIGRTMIN+14", "SIGRTMIN+15", "SIGRTMAX-14", "SIGRTMAX-13", "SIGRTMAX-12", "SIGRTMAX-11", "SIGRTMAX-10", "SIGRTMAX-9", "SIGRTMAX-8", "SIGRTMAX-7", "SIGRTMAX-6", "SIGRTMAX-5", "SIGRTMAX-4", "SIGRTMAX-3", "SIGRTMAX-2", "SIGRTMAX-1", "SIGRTMAX"]).doc("Signal sent to stop the container."),
  },
  { name: "io.k8s.api.core.v1.Lifecycle", description: "Actions run on container lifecycle events." },
);
export type Lifecycle = Infer<typeof LifecycleSchema>;
