/**
 * describe for one object: the kind's own describer where kubectl has one we carry
 * (Pod, Deployment, ReplicaSet, ConfigMap, Secret, Namespace, Service, Node), else the
 * generic one; then the object's Events (Secrets have none, as in kubectl).
 */
import type { KubeObject } from "../../../api/meta/index.ts";
import type { ResourceInfo } from "../../../api/resources.ts";
import type { ConfigMap, Deployment, Namespace, Node, Pod, ReplicaSet, Secret, Service } from "../../../api/types/index.ts";
import type { Client } from "../../../client/index.ts";
import { describeDeployment, describeReplicaSet } from "./apps.ts";
import { describeConfigMap, describeNamespace, describeSecret, describeService } from "./core.ts";
import { eventsFor, writeEvents } from "./events.ts";
import { describeGeneric } from "./generic.ts";
import { describeNode } from "./node.ts";
import { describePod } from "./pod.ts";
import { DescribeWriter } from "./writer.ts";

type Describer = (w: DescribeWriter, obj: KubeObject, client: Client) => void | Promise<void>;

const DESCRIBERS = new Map<string, Describer>([
  ["/Pod", (w, o) => describePod(w, o as unknown as Pod)],
  ["/ConfigMap", (w, o) => describeConfigMap(w, o as unknown as ConfigMap)],
  ["/Secret", (w, o) => describeSecret(w, o as unknown as Secret)],
  ["/Namespace", (w, o, c) => describeNamespace(w, o as unknown as Namespace, c)],
  ["/Service", (w, o, c) => describeService(w, o as unknown as Service, c)],
  ["/Node", (w, o, c) => describeNode(w, o as unknown as Node, c)],
  ["apps/Deployment", (w, o, c) => describeDeployment(w, o as unknown as Deployment, c)],
  ["apps/ReplicaSet", (w, o, c) => describeReplicaSet(w, o as unknown as ReplicaSet, c)],
]);

/** Kinds whose describe output has no Events section in kubectl. */
const NO_EVENTS = new Set(["/Secret", "/Namespace"]);

export async function describeObject(client: Client, ri: ResourceInfo, obj: KubeObject, showEvents = true): Promise<string> {
  const key = `${ri.group}/${ri.kind}`;
  const w = new DescribeWriter();
  await (DESCRIBERS.get(key) ?? describeGeneric)(w, obj, client);
  if (showEvents && !NO_EVENTS.has(key)) {
    const events = await eventsFor(client, { ...obj, kind: obj.kind ?? ri.kind }).catch(() => []);
    writeEvents(w, events);
  }
  return w.toString();
}
