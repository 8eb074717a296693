/**
 * Admission: mutating plugins run first (they may change the object), then validating
 * plugins (they may only reject). A plugin rejects by throwing an ApiError.
 */
import type { KubeObject } from "../../api/meta/index.ts";
import type { ResourceInfo } from "../../api/resources.ts";
import type { UserInfo } from "../filters/user.ts";

export type Operation = "CREATE" | "UPDATE" | "DELETE" | "CONNECT";

export interface AdmissionAttributes {
  resource: ResourceInfo;
  subresource: string;
  operation: Operation;
  namespace: string;
  name: string;
  /** The object being written (CREATE, UPDATE); mutating plugins may change it. */
  object: KubeObject | undefined;
  oldObject: KubeObject | undefined;
  user: UserInfo;
  dryRun: boolean;
  /** Warnings for the response's Warning headers (webhooks may send some). */
  warnings?: string[];
  /**
   * Present when the caller writes the object after validation (a create): a plugin may
   * add a callback, called once when the write is done (true) or abandoned (false).
   */
  afterWrite?: ((written: boolean) => void)[];
  /** Set by the chain while the mutating plugins run (upstream's reinvocation context). */
  reinvocation?: Reinvocation;
}

/**
 * Upstream's reinvocation context: a mutating plugin may ask for the mutating plugins to
 * run once more, after all of them ran (mutating webhooks whose reinvocationPolicy is
 * IfNeeded, when the object changed after they were called).
 */
export interface Reinvocation {
  /** True during that second round. */
  readonly again: boolean;
  /** Asks for the second round; heeded during the first only. */
  request(): void;
  /** What plugins keep across the two rounds, by plugin name. */
  readonly state: Map<string, unknown>;
}

/** What plugins may read: current objects from the watch caches. */
export interface AdmissionLookup {
  /** The watch cache's object (may trail the store by moments). */
  get(group: string, plural: string, namespace: string, name: string): KubeObject | undefined;
  /** The store's current object: for a cache miss that must not be trusted (upstream's live lookup). */
  getLive(group: string, plural: string, namespace: string, name: string): Promise<KubeObject | undefined>;
  /** Every cached object of a resource, or of one namespace's (a range of the cache's sorted keys). */
  list(group: string, plural: string, namespace?: string): KubeObject[];
  /** The served resource of a kind (admission policies' paramKind). */
  resourceForKind?(apiVersion: string, kind: string): ResourceInfo | undefined;
}

export interface AdmissionPlugin {
  readonly name: string;
  /** Operations the plugin looks at. */
  readonly operations: readonly Operation[];
}

export interface MutatingPlugin extends AdmissionPlugin {
  admit(a: AdmissionAttributes, lookup: AdmissionLookup): void | Promise<void>;
}

export interface ValidatingPlugin extends AdmissionPlugin {
  validate(a: AdmissionAttributes, lookup: AdmissionLookup): void | Promise<void>;
}
