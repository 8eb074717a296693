/**
 * The WebSocket channel protocols of exec/attach (v5.channel.k8s.io,
 * v4.channel.k8s.io, channel.k8s.io): binary frames whose first byte names the
 * channel (0 stdin, 1 stdout, 2 stderr, 3 error, 4 resize, 255 close), and the
 * final Status of v4/v5 (NonZeroExitCode with an ExitCode cause).
 */
export const STREAM_PROTOCOLS = ["v5.channel.k8s.io", "v4.channel.k8s.io", "channel.k8s.io"] as const;
export const SPDY_PORT_FORWARD_PROTOCOL = "SPDY/3.1+portforward.k8s.io";
export const PORT_FORWARD_PROTOCOLS = [SPDY_PORT_FORWARD_PROTOCOL, "v4.channel.k8s.io", "portforward.k8s.io"] as const;

export const CH = { stdin: 0, stdout: 1, stderr: 2, error: 3, resize: 4, close: 255 } as const;

export function chooseProtocol(header: string | null, supported: readonly string[]): string | undefined {
  const offered = (header ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  return supported.find((p) => offered.includes(p));
}

export function frame(channel: number, data: Uint8Array | string): Uint8Array {
  const body = typeof data === "string" ? new TextEncoder().encode(data) : data;
  const out = new Uint8Array(body.length + 1);
  out[0] = channel;
  out.set(body, 1);
  return out;
}

export function exitStatus(argv: string[], code: number): Record<string, unknown> {
  if (code === 0) return { metadata: {}, status: "Success" };
  return {
    metadata: {},
    status: "Failure",
    message: `command terminated with non-zero exit code: error executing command [${argv.join(" ")}], exit code ${code}`,
    reason: "NonZeroExitCode",
    details: { causes: [{ reason: "ExitCode", message: String(code) }] },
  };
}

export function errorStatus(message: string, code = 500): Record<string, unknown> {
  return { metadata: {}, status: "Failure", message, reason: code === 404 ? "NotFound" : "InternalError", code };
}
