/**
 * What the ReplicaSet controller manages. Upstream runs the same controller over
 * ReplicationControllers (pkg/controller/replication wraps the ReplicaSet controller with
 * conversions); here the controller reads the fields both kinds share (spec.replicas,
 * minReadySeconds, template, the status counts and conditions) and a descriptor supplies
 * what differs: the resource, the owner reference's apiVersion and kind, and the selector
 * (a LabelSelector on ReplicaSets, a plain label map on ReplicationControllers).
 */
import type { ReplicaSet } from "../../api/types/index.ts";
import { selectorFromLabelSelector, selectorFromSet, type Selector } from "../../api/labels/index.ts";
import { resourceFor, type ResourceInfo } from "../../api/resources.ts";

export interface ReplicatedKind {
  /** The controller's name (queue, metrics, logs). */
  readonly controllerName: string;
  readonly groupVersion: string;
  readonly kind: string;
  readonly resource: ResourceInfo;
  /** The object's selector; throws for one that cannot be parsed. */
  selector(obj: ReplicaSet): Selector;
}

function catalog(group: string, version: string, plural: string): ResourceInfo {
  const ri = resourceFor(group, version, plural);
  if (!ri) throw new Error(`resource ${group}/${version}/${plural} is not in the catalog`);
  return ri;
}

export const REPLICA_SETS: ReplicatedKind = {
  controllerName: "replicaset",
  groupVersion: "apps/v1",
  kind: "ReplicaSet",
  get resource() {
    return catalog("apps", "v1", "replicasets");
  },
  selector: (rs) => selectorFromLabelSelector(rs.spec?.selector),
};

export const REPLICATION_CONTROLLERS: ReplicatedKind = {
  controllerName: "replicationcontroller",
  groupVersion: "v1",
  kind: "ReplicationController",
  get resource() {
    return catalog("", "v1", "replicationcontrollers");
  },
  selector: (rc) => selectorFromSet((rc.spec as { selector?: Record<string, string> } | undefined)?.selector),
};
