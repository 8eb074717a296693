/**
 * One AdmissionReview round trip (upstream's webhook client): POST the review as JSON
 * with the webhook's timeout, then check the answer is an admission.k8s.io/v1
 * AdmissionReview whose response carries the request's uid.
 */
import type { AdmissionRequest, AdmissionResponse } from "./types.ts";
import type { WebhookEndpoint } from "../../proxy/service-endpoint.ts";

export class CallError extends Error {}

export async function callWebhook(ep: WebhookEndpoint, request: AdmissionRequest, timeoutSeconds: number): Promise<AdmissionResponse> {
  const body = JSON.stringify({ kind: "AdmissionReview", apiVersion: "admission.k8s.io/v1", request });
  const tls: Record<string, unknown> = {};
  if (ep.ca) tls["ca"] = ep.ca;
  if (ep.serverName) tls["serverName"] = ep.serverName;
  let res: Response;
  try {
    res = await fetch(`${ep.url}${ep.url.includes("?") ? "&" : "?"}timeout=${timeoutSeconds}s`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json", "user-agent": "kube-apiserver-admission" },
      body,
      signal: AbortSignal.timeout(timeoutSeconds * 1000),
      tls,
    } as RequestInit);
  } catch (e) {
    const why = (e as Error).name === "TimeoutError" ? "context deadline exceeded" : (e as Error).message;
    throw new CallError(`failed to call webhook: Post "${ep.display}": ${why}`);
  }
  const text = await res.text();
  if (res.status < 200 || res.status >= 300) throw new CallError(`failed to call webhook: an error on the server ("${text.slice(0, 200) || "unknown"}") has prevented the request from succeeding`);
  let review: { apiVersion?: string; kind?: string; response?: AdmissionResponse };
  try {
    review = JSON.parse(text) as typeof review;
  } catch (e) {
    throw new CallError(`failed to call webhook: ${(e as Error).message}`);
  }
  if (review.apiVersion !== "admission.k8s.io/v1" || review.kind !== "AdmissionReview") {
    throw new CallError(`expected webhook response of admission.k8s.io/v1, Kind=AdmissionReview, got ${review.apiVersion ?? ""}, Kind=${review.kind ?? ""}`);
  }
  const response = review.response;
  if (!response) throw new CallError("webhook response was absent");
  if (response.uid !== request.uid) throw new CallError(`expected response.uid="${request.uid}", got "${response.uid ?? ""}"`);
  return response;
}
