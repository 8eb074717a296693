/** coordination.k8s.io/v1 Lease. */
import { s, type Infer } from "../../schema/dsl.ts";
import { ListMetaSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const LeaseSpecSchema = s.object(
  {
    holderIdentity: s.string(),
    leaseDurationSeconds: s.int32(),
    acquireTime: s.microTime(),
    renewTime: s.microTime(),
    leaseTransitions: s.int32(),
    strategy: s.string(),
    preferredHolder: s.string(),
  },
  { name: "io.k8s.api.coordination.v1.LeaseSpec" },
);
export type LeaseSpec = Infer<typeof LeaseSpecSchema>;

export const LeaseSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ObjectMetaSchema,
    spec: LeaseSpecSchema,
  },
  { name: "io.k8s.api.coordination.v1.Lease", present: ["metadata"], gvk: [{ group: "coordination.k8s.io", version: "v1", kind: "Lease" }] },
);
export type Lease = Infer<typeof LeaseSchema>;

export const LeaseListSchema = s.object(
  {
    apiVersion: s.string().doc(""),
    kind: s.string().doc(""),
    metadata: ListMetaSchema,
    items: s.array(LeaseSchema),
  },
  { name: "io.k8s.api.coordination.v1.LeaseList", required: ["items"], present: ["metadata"], gvk: [{ group: "coordination.k8s.io", version: "v1", kind: "LeaseList" }] },
);
export type LeaseList = Infer<typeof LeaseListSchema>;
