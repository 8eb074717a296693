/** coordination.k8s.io/v1 Lease. */
import { s, type Infer } from "../../schema/dsl.ts";
import { ListMetaSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const LeaseSpecSchema = s.object(
  {
    holderIdentity: s.string().doc("Who holds the lease."),
    leaseDurationSeconds: s.int32().doc("Seconds candidates wait after renewTime before taking over."),
    acquireTime: s.microTime().doc("When the current holder acquired the lease."),
    renewTime: s.microTime().doc("When the holder last renewed the lease."),
    leaseTransitions: s.int32().doc("How many times the lease changed holders."),
    strategy: s.string().doc("Strategy for choosing the holder in coordinated election."),
    preferredHolder: s.string().doc("Holder asked to take over in coordinated election."),
  },
  { name: "io.k8s.api.coordination.v1.LeaseSpec", description: "A lease." },
);
export type LeaseSpec = Infer<typeof LeaseSpecSchema>;

export const LeaseSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ObjectMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    spec: LeaseSpecSchema.doc("The lease."),
  },
  { name: "io.k8s.api.coordination.v1.Lease", description: "A time-limited claim, used for leader election and node heartbeats.", present: ["metadata"], gvk: [{ group: "coordination.k8s.io", version: "v1", kind: "Lease" }] },
);
export type Lease = Infer<typeof LeaseSchema>;

export const LeaseListSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ListMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    items: s.array(LeaseSchema).doc("The objects in this list."),
  },
  { name: "io.k8s.api.coordination.v1.LeaseList", description: "A list of leases.", required: ["items"], present: ["metadata"], gvk: [{ group: "coordination.k8s.io", version: "v1", kind: "LeaseList" }] },
);
export type LeaseList = Infer<typeof LeaseListSchema>;
