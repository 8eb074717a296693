/** Pod-only subresources: binding (the scheduler), eviction (drain, preemption) and logs. */
import type { DeleteOptions, KubeObject, Status } from "../../api/meta/index.ts";
import type { Binding, Eviction, Pod } from "../../api/types/index.ts";
import type { WriteOptions } from "./options.ts";
import { ResourceClient } from "./resource-client.ts";
import type { PodLogOptions } from "./types.ts";

export class PodClient<T extends KubeObject = Pod> extends ResourceClient<T> {
  /** POST pods/{name}/binding: assigns the pod to target (a Node). */
  bind(binding: Binding, opts: WriteOptions = {}): Promise<Status> {
    const name = binding.metadata?.name;
    if (!name) throw new Error("binding has no metadata.name");
    const ns = this.ns ?? binding.metadata?.namespace;
    const client = ns && ns !== this.ns ? this.namespace(ns) : this;
    return client.createSubresource<Status>(name, "binding", { apiVersion: "v1", kind: "Binding", ...binding }, opts);
  }

  /** POST pods/{name}/eviction: a delete that honours PodDisruptionBudgets (429 when it would violate one). */
  evict(name: string, deleteOptions?: DeleteOptions, opts: WriteOptions = {}): Promise<Status> {
    const eviction: Eviction = {
      apiVersion: "policy/v1",
      kind: "Eviction",
      metadata: this.ns ? { name, namespace: this.ns } : { name },
      ...(deleteOptions ? { deleteOptions } : {}),
    };
    return this.createSubresource<Status>(name, "eviction", eviction, opts);
  }

  /** GET pods/{name}/log as a byte stream (follow keeps it open until the container ends or the signal aborts). */
  async getLog(name: string, opts: PodLogOptions = {}): Promise<ReadableStream<Uint8Array>> {
    const { signal, ...params } = opts;
    const query: Record<string, string | number | boolean | undefined> = {};
    for (const [k, v] of Object.entries(params)) query[k] = v as string | number | boolean | undefined;
    const resp = await this.http.request({
      method: "GET",
      path: this.path(name, "log"),
      query,
      accept: "*/*",
      stream: true,
      ...(signal ? { signal } : {}),
    });
    return resp.body ?? new ReadableStream({ start: (c) => c.close() });
  }

  /** The whole log as text (not for follow). */
  async readLog(name: string, opts: Omit<PodLogOptions, "follow"> = {}): Promise<string> {
    return new Response(await this.getLog(name, opts)).text();
  }
}
