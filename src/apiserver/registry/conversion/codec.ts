/**
 * A resource served in one form and stored in another (events.k8s.io/v1 Events are stored
 * as core/v1 Events). Both functions return new objects and never mutate their argument's
 * top level.
 */
import type { KubeObject } from "../../../api/meta/index.ts";

export interface StorageCodec {
  toStored(served: KubeObject): KubeObject;
  fromStored(stored: KubeObject): KubeObject;
}

export const identityCodec: StorageCodec = { toStored: (o) => o, fromStored: (o) => o };
