/**
 * An in-process apiserver on the memory store and admin clients for it, for controller
 * integration tests. Pods are marked Running/Ready through the status subresource
 * (no kubelet runs here).
 */
import type { Pod } from "../../../src/api/types/index.ts";
import { SharedInformerFactory } from "../../../src/client/cache/index.ts";
import { isConflict, isNotFound } from "../../../src/client/errors.ts";
import type { Client } from "../../../src/client/rest/clientset.ts";
import { type ApiCluster, eventually, startApiCluster } from "../../helpers/api-cluster.ts";

export type TestCluster = ApiCluster;
export { eventually };

export function startTestCluster(): Promise<TestCluster> {
  return startApiCluster("ctrl");
}

export function newInformers(client: Client): SharedInformerFactory {
  return new SharedInformerFactory(client);
}


/** Marks a pod Running and Ready (with a pod IP) through the status subresource, as a kubelet would. */
export async function markPodReady(client: Client, pod: Pod, ip = "10.0.0.1"): Promise<void> {
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  for (let attempt = 0; attempt < 10; attempt++) {
    const cur = attempt === 0 ? pod : await client.pods(pod.metadata.namespace).get(pod.metadata.name ?? "");
    try {
      await client.pods(pod.metadata.namespace).updateStatus({
        ...cur,
        status: {
          ...(cur.status ?? {}),
          phase: "Running",
          podIP: ip,
          podIPs: [{ ip }],
          conditions: [
            { type: "Ready", status: "True", lastTransitionTime: now },
            { type: "ContainersReady", status: "True", lastTransitionTime: now },
          ],
        },
      });
      return;
    } catch (err) {
      if (isNotFound(err)) return;
      if (!isConflict(err)) throw err;
    }
  }
}

/** A pod template with every field the API requires after defaulting spelled out. */
export function podTemplate(labels: Record<string, string>, image = "busybox"): { metadata: { labels: Record<string, string> }; spec: NonNullable<Pod["spec"]> } {
  return {
    metadata: { labels },
    spec: {
      containers: [{ name: "c", image, imagePullPolicy: "IfNotPresent", terminationMessagePolicy: "File", terminationMessagePath: "/dev/termination-log" }],
      restartPolicy: "Always",
      dnsPolicy: "ClusterFirst",
      terminationGracePeriodSeconds: 30,
      schedulerName: "default-scheduler",
    },
  };
}

/**
 * A stand-in for kubelets: marks every pod created in the namespace Running and Ready
 * after delayMs. Returns a function that stops it.
 */
export function fakeKubelet(client: Client, namespace: string, delayMs = 0): () => void {
  const ctl = new AbortController();
  let ip = 1;
  void (async () => {
    const list = await client.pods(namespace).list();
    const watch = await client.pods(namespace).watch({ resourceVersion: list.metadata.resourceVersion ?? "0", signal: ctl.signal });
    ctl.signal.addEventListener("abort", () => watch.stop(), { once: true });
    const start = (pod: Pod) => {
      const n = ip++;
      const addr = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
      setTimeout(() => void markPodReady(client, pod, addr).catch(() => {}), delayMs);
    };
    // Pods created before the list was answered are started too, not only those the watch adds.
    for (const pod of list.items) if (!pod.metadata.deletionTimestamp && pod.status?.phase !== "Running") start(pod);
    try {
      for await (const ev of watch) if (ev.type === "ADDED") start(ev.object as Pod);
    } catch {
      // stopped
    }
  })();
  return () => ctl.abort();
}

/** The conditions `kubectl rollout status` waits for, plus helm's (Available, NewReplicaSetAvailable). */
export function rolloutComplete(d: { metadata: { generation?: number }; spec?: { replicas?: number }; status?: { observedGeneration?: number; updatedReplicas?: number; replicas?: number; availableReplicas?: number; readyReplicas?: number; conditions?: { type: string; status: string; reason?: string }[] } }): boolean {
  const s = d.status;
  const want = d.spec?.replicas ?? 1;
  if (!s || (d.metadata.generation ?? 0) > (s.observedGeneration ?? 0)) return false;
  const progressing = s.conditions?.find((c) => c.type === "Progressing");
  const available = s.conditions?.find((c) => c.type === "Available");
  return (
    progressing?.reason === "NewReplicaSetAvailable" &&
    progressing.status === "True" &&
    available?.status === "True" &&
    (s.updatedReplicas ?? 0) >= want &&
    (s.replicas ?? 0) <= (s.updatedReplicas ?? 0) &&
    (s.availableReplicas ?? 0) >= (s.updatedReplicas ?? 0) &&
    (s.readyReplicas ?? 0) >= want
  );
}
