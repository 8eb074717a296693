/** core/v1 TopologySelectorTerm: the topology restriction a StorageClass's allowedTopologies lists. */
import { s, type Infer } from "../../schema/dsl.ts";

export const TopologySelectorLabelRequirementSchema = s.object(
  {
    key: s.string().doc("The label key the requirement applies to."),
    values: s.array(s.string(), { listType: "atomic" }).doc("Values of the label, one of which must match (ORed)."),
  },
  { name: "io.k8s.api.core.v1.TopologySelectorLabelRequirement", description: "A topology requirement that matches one label against a set of values.", required: ["key", "values"] },
);
export type TopologySelectorLabelRequirement = Infer<typeof TopologySelectorLabelRequirementSchema>;

export const TopologySelectorTermSchema = s.object(
  {
    matchLabelExpressions: s.array(TopologySelectorLabelRequirementSchema, { listType: "atomic" }).doc("Label requirements, ANDed."),
  },
  {
    name: "io.k8s.api.core.v1.TopologySelectorTerm",
    description: "The result of label queries over topology; its requirements are ANDed. A null or empty term matches no objects.",
    mapType: "atomic",
  },
);
export type TopologySelectorTerm = Infer<typeof TopologySelectorTermSchema>;
