/**
 * networking.k8s.io/v1 NetworkPolicy. Stored and served only: nothing enforces it here.
 * There is no status (upstream dropped it; protobuf tag 3 stays reserved). List types,
 * required fields and enums follow upstream's OpenAPI (k8s.io/api v0.34), so apply and
 * strategic merge replace rules, ports, peers and policy types as whole lists.
 */
import { s, type Infer } from "../../schema/dsl.ts";
import { LabelSelectorSchema, ListMetaSchema, ObjectMetaSchema } from "../meta/object-meta.ts";

export const NetworkPolicyPortSchema = s.object(
  {
    protocol: s.enum(["SCTP", "TCP", "UDP"]).doc("TCP, UDP or SCTP: the protocol traffic must use; TCP when unset."),
    port: s.intOrString().doc("A port number or a named port of the pod; every port when unset. With a protocol, both must match."),
    endPort: s.int32().doc("Last port of a range starting at port, inclusive; needs a numeric port and must not be below it."),
  },
  { name: "io.k8s.api.networking.v1.NetworkPolicyPort", description: "A port (or range of ports) traffic is allowed on." },
);
export type NetworkPolicyPort = Infer<typeof NetworkPolicyPortSchema>;

export const IPBlockSchema = s.object(
  {
    cidr: s.string().doc("The block, in CIDR notation, such as \"192.168.1.0/24\" or \"2001:db8::/64\"."),
    except: s.array(s.string(), { listType: "atomic" }).doc("CIDRs carved out of the block; each must lie strictly inside cidr."),
  },
  { name: "io.k8s.api.networking.v1.IPBlock", description: "A range of IP addresses, minus some sub-ranges, as a peer of a rule.", required: ["cidr"] },
);
export type IPBlock = Infer<typeof IPBlockSchema>;

export const NetworkPolicyPeerSchema = s.object(
  {
    podSelector: LabelSelectorSchema.doc(
      "Pods the peer covers (all when empty): in the namespaces namespaceSelector picks when it is set, otherwise in the policy's namespace.",
    ),
    namespaceSelector: LabelSelectorSchema.doc("Namespaces the peer covers (all when empty): every pod in them, or those podSelector also picks."),
    ipBlock: IPBlockSchema.doc("A range of IP addresses; when set, neither selector may be."),
  },
  { name: "io.k8s.api.networking.v1.NetworkPolicyPeer", description: "One source or destination of traffic: pods and namespaces by label, or an IP block." },
);
export type NetworkPolicyPeer = Infer<typeof NetworkPolicyPeerSchema>;

export const NetworkPolicyIngressRuleSchema = s.object(
  {
    ports: s.array(NetworkPolicyPortSchema, { listType: "atomic" }).doc("Ports the selected pods accept traffic on, any one of them; all ports when empty."),
    from: s.array(NetworkPolicyPeerSchema, { listType: "atomic" }).doc("Sources allowed to reach the selected pods, any one of them; every source when empty."),
  },
  { name: "io.k8s.api.networking.v1.NetworkPolicyIngressRule", description: "Traffic allowed into the selected pods: it must match both ports and from." },
);
export type NetworkPolicyIngressRule = Infer<typeof NetworkPolicyIngressRuleSchema>;

export const NetworkPolicyEgressRuleSchema = s.object(
  {
    ports: s.array(NetworkPolicyPortSchema, { listType: "atomic" }).doc("Destination ports allowed, any one of them; all ports when empty."),
    to: s.array(NetworkPolicyPeerSchema, { listType: "atomic" }).doc("Destinations the selected pods may reach, any one of them; every destination when empty."),
  },
  { name: "io.k8s.api.networking.v1.NetworkPolicyEgressRule", description: "Traffic allowed out of the selected pods: it must match both ports and to." },
);
export type NetworkPolicyEgressRule = Infer<typeof NetworkPolicyEgressRuleSchema>;

export const NetworkPolicySpecSchema = s.object(
  {
    podSelector: LabelSelectorSchema.doc(
      "Pods of the policy's namespace the policy applies to; empty (the default) selects them all. Rules of several policies selecting one pod add up.",
    ),
    ingress: s
      .array(NetworkPolicyIngressRuleSchema, { listType: "atomic" })
      .doc("Ingress rules: traffic any of them (in any policy selecting the pod) matches is let in. None: the selected pods are isolated for ingress."),
    egress: s
      .array(NetworkPolicyEgressRuleSchema, { listType: "atomic" })
      .doc("Egress rules: traffic any of them (in any policy selecting the pod) matches is let out. None: the selected pods are isolated for egress."),
    policyTypes: s
      .array(s.enum(["Egress", "Ingress"]), { listType: "atomic" })
      .doc(
        "Directions the policy governs: [\"Ingress\"], [\"Egress\"] or both. Defaults to Ingress, plus Egress when egress rules are given; name Egress to write an egress-only or deny-all-egress policy.",
      ),
  },
  { name: "io.k8s.api.networking.v1.NetworkPolicySpec", description: "The pods a policy selects and the traffic it allows them." },
);
export type NetworkPolicySpec = Infer<typeof NetworkPolicySpecSchema>;

export const NetworkPolicySchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ObjectMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    spec: NetworkPolicySpecSchema.doc("The pods the policy selects and the traffic it allows."),
  },
  {
    name: "io.k8s.api.networking.v1.NetworkPolicy",
    description: "Which network traffic is allowed to and from a set of pods.",
    present: ["metadata"],
    gvk: [{ group: "networking.k8s.io", version: "v1", kind: "NetworkPolicy" }],
  },
);
export type NetworkPolicy = Infer<typeof NetworkPolicySchema>;

export const NetworkPolicyListSchema = s.object(
  {
    apiVersion: s.string().doc("The versioned schema of this object, such as \"v1\" or \"apps/v1\"."),
    kind: s.string().doc("The REST resource type of this object, in CamelCase."),
    metadata: ListMetaSchema.doc("Standard object metadata: name, namespace, labels, annotations and server-set fields."),
    items: s.array(NetworkPolicySchema).doc("The objects in this list."),
  },
  {
    name: "io.k8s.api.networking.v1.NetworkPolicyList",
    description: "A list of NetworkPolicies.",
    required: ["items"],
    present: ["metadata"],
    gvk: [{ group: "networking.k8s.io", version: "v1", kind: "NetworkPolicyList" }],
  },
);
export type NetworkPolicyList = Infer<typeof NetworkPolicyListSchema>;
