/**
 * Per-kind behaviour of the generic registry (upstream's REST strategies): what create and
 * update may set, whether an update may create, graceful deletion, TTLs. Kinds without an
 * entry get the generic strategy: status is owned by the status subresource when the kind
 * has one.
 */
import type { KubeObject } from "../../api/meta/index.ts";
import type { ResourceInfo } from "../../api/resources.ts";

export interface Strategy {
  /** Clears what a create may not set. */
  prepareForCreate(obj: KubeObject): void;
  /** Keeps what an update of the main resource may not change. */
  prepareForUpdate(obj: KubeObject, old: KubeObject): void;
  /** PUT of a missing object creates it. */
  readonly allowCreateOnUpdate: boolean;
  /** DELETE answers with the deleted object rather than a Status. */
  readonly returnDeletedObject: boolean;
  /** Objects expire this many seconds after their last write. */
  ttlSeconds?(obj: KubeObject): number | undefined;
  /** Grace period for a delete (0: at once); undefined means the kind is not deleted gracefully. */
  gracePeriod?(obj: KubeObject, requested: number | undefined): number;
  /**
   * Called on the first delete of an object that stays (finalizers, grace): may mark it
   * (namespace phase Terminating). Returns true when the object must stay even without
   * metadata finalizers (namespace spec.finalizers).
   */
  beginDeletion?(obj: KubeObject): boolean;
  /** True when an update of a deleting object completes its deletion. */
  deletionComplete?(obj: KubeObject): boolean;
  /** A second delete of an object already being deleted. Throwing rejects it. */
  repeatedDelete?(obj: KubeObject): void;
  /** metadata.generation is kept (1 on create, +1 per spec change). */
  readonly tracksGeneration: boolean;
  /**
   * Subresources (other than status) through which part of the spec is written, and how:
   * the object to store from the request's body and the stored object (pods/ephemeralcontainers
   * takes only spec.ephemeralContainers). Such writes are defaulted and bump generation like
   * updates of the main resource.
   */
  readonly specSubresources?: Readonly<Record<string, (body: KubeObject, old: KubeObject) => KubeObject>>;
}

/** Kinds whose upstream strategies maintain metadata.generation (not autoscaling/v2 HorizontalPodAutoscalers: upstream's does not). */
const GENERATION_KINDS = new Set([
  "/pods",
  "/replicationcontrollers",
  "apps/deployments",
  "apps/replicasets",
  "apps/statefulsets",
  "apps/daemonsets",
  "batch/jobs",
  "batch/cronjobs",
  "policy/poddisruptionbudgets",
  "networking.k8s.io/ingresses",
  "networking.k8s.io/ingressclasses",
  "networking.k8s.io/networkpolicies",
  "admissionregistration.k8s.io/mutatingwebhookconfigurations",
  "admissionregistration.k8s.io/validatingwebhookconfigurations",
  "admissionregistration.k8s.io/validatingadmissionpolicies",
  "admissionregistration.k8s.io/validatingadmissionpolicybindings",
]);

export function hasStatus(ri: ResourceInfo): boolean {
  return ri.subresources?.includes("status") ?? false;
}

export function genericStrategy(ri: ResourceInfo): Strategy {
  const status = hasStatus(ri);
  return {
    prepareForCreate(obj) {
      if (status) delete obj["status"];
    },
    prepareForUpdate(obj, old) {
      if (!status) return;
      if (old["status"] === undefined) delete obj["status"];
      else obj["status"] = old["status"];
    },
    allowCreateOnUpdate: false,
    returnDeletedObject: false,
    tracksGeneration: GENERATION_KINDS.has(`${ri.group}/${ri.plural}`),
  };
}

export function metadataFinalizers(obj: KubeObject): string[] {
  return obj.metadata.finalizers ?? [];
}
