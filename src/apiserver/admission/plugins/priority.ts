/**
 * Priority (upstream plugin/pkg/admission/priority). Mutating, for pods: a new pod's
 * spec.priority and spec.preemptionPolicy come from the PriorityClass it names (403 when
 * there is none), or from the global default class (whose name the pod then gets), or 0 and
 * PreemptLowerPriority; a pod may not send values that differ. An update keeps what the
 * stored pod has when the new one leaves them out. Validating, for PriorityClasses: only one
 * may be the global default. System classes cannot be deleted (upstream's REST Delete).
 */
import type { KubeObject } from "../../../api/meta/index.ts";
import { SYSTEM_PRIORITY_CLASSES } from "../../../api/validation/scheduling.ts";
import { errors } from "../../http/status.ts";
import type { AdmissionAttributes, AdmissionLookup, MutatingPlugin, ValidatingPlugin } from "../types.ts";

const PODS = { group: "", resource: "pods" };
const PRIORITY_CLASSES = { group: "scheduling.k8s.io", resource: "priorityclasses" };
/** Priority of pods when no class is the global default (scheduling.DefaultPriorityWhenNoDefaultClassExists). */
const DEFAULT_PRIORITY = 0;
const DEFAULT_PREEMPTION_POLICY = "PreemptLowerPriority";

interface PodSpecPriority {
  priorityClassName?: string;
  priority?: number;
  preemptionPolicy?: string;
}

interface PriorityClassFields {
  value?: number;
  globalDefault?: boolean;
  preemptionPolicy?: string;
}

const fields = (pc: KubeObject) => pc as unknown as PriorityClassFields;

/**
 * The global default class: the one with globalDefault set, the lowest value among several
 * (several can exist after a race between two creates).
 */
export function defaultPriorityClass(classes: readonly KubeObject[]): KubeObject | undefined {
  let found: KubeObject | undefined;
  for (const pc of classes) {
    if (fields(pc).globalDefault !== true) continue;
    if (!found || (fields(found).value ?? 0) > (fields(pc).value ?? 0)) found = pc;
  }
  return found;
}

async function lookupClass(lookup: AdmissionLookup, name: string): Promise<KubeObject | undefined> {
  // A cache miss is checked against the store: the class may be newer than the cache.
  return lookup.get(PRIORITY_CLASSES.group, PRIORITY_CLASSES.resource, "", name) ?? (await lookup.getLive(PRIORITY_CLASSES.group, PRIORITY_CLASSES.resource, "", name));
}

async function admitPodCreate(a: AdmissionAttributes, lookup: AdmissionLookup): Promise<void> {
  const spec = (a.object!["spec"] ??= {}) as PodSpecPriority;
  let value: number;
  let policy: string | undefined;
  const name = spec.priorityClassName ?? "";
  if (name === "") {
    const dpc = defaultPriorityClass(lookup.list(PRIORITY_CLASSES.group, PRIORITY_CLASSES.resource));
    if (dpc) {
      spec.priorityClassName = dpc.metadata.name!;
      value = fields(dpc).value ?? 0;
      policy = fields(dpc).preemptionPolicy;
    } else {
      value = DEFAULT_PRIORITY;
      policy = DEFAULT_PREEMPTION_POLICY;
    }
  } else {
    const pc = await lookupClass(lookup, name);
    if (!pc) throw errors.forbidden(PODS, a.name, `no PriorityClass with name ${name} was found`);
    value = fields(pc).value ?? 0;
    policy = fields(pc).preemptionPolicy;
  }
  if (spec.priority !== undefined && spec.priority !== null && spec.priority !== value) {
    throw errors.forbidden(
      PODS,
      a.name,
      `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${value} from the given PriorityClass name`,
    );
  }
  spec.priority = value;
  if (policy !== undefined && policy !== null) {
    if (spec.preemptionPolicy !== undefined && spec.preemptionPolicy !== null && spec.preemptionPolicy !== policy) {
      throw errors.forbidden(
        PODS,
        a.name,
        `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${policy} from the given PriorityClass name`,
      );
    }
    spec.preemptionPolicy = policy;
  }
}

/** An update that leaves out what this plugin set on create keeps the stored values (validation forbids changing them). */
function admitPodUpdate(a: AdmissionAttributes): void {
  const spec = a.object?.["spec"] as PodSpecPriority | undefined;
  const old = a.oldObject?.["spec"] as PodSpecPriority | undefined;
  if (!spec || !old) return;
  if ((spec.priority === undefined || spec.priority === null) && old.priority !== undefined && old.priority !== null) spec.priority = old.priority;
  if ((spec.preemptionPolicy === undefined || spec.preemptionPolicy === null) && old.preemptionPolicy !== undefined && old.preemptionPolicy !== null) {
    spec.preemptionPolicy = old.preemptionPolicy;
  }
}

function validatePriorityClass(a: AdmissionAttributes, lookup: AdmissionLookup): void {
  if (a.operation === "DELETE") {
    if (SYSTEM_PRIORITY_CLASSES.some((c) => c.name === a.name)) throw errors.forbidden(PRIORITY_CLASSES, a.name, "this is a system priority class and cannot be deleted");
    return;
  }
  if (!a.object || fields(a.object).globalDefault !== true) return;
  const dpc = defaultPriorityClass(lookup.list(PRIORITY_CLASSES.group, PRIORITY_CLASSES.resource));
  // a second default, or another class marked default while one exists
  if (dpc && (a.operation === "CREATE" || dpc.metadata.name !== a.name)) {
    throw errors.forbidden(PRIORITY_CLASSES, a.name, `PriorityClass ${dpc.metadata.name} is already marked as default. Only one default can exist`);
  }
}

const isPods = (a: AdmissionAttributes) => a.resource.group === "" && a.resource.plural === "pods";
const isPriorityClasses = (a: AdmissionAttributes) => a.resource.group === PRIORITY_CLASSES.group && a.resource.plural === PRIORITY_CLASSES.resource;

export const priority: MutatingPlugin & ValidatingPlugin = {
  name: "Priority",
  operations: ["CREATE", "UPDATE", "DELETE"],
  async admit(a: AdmissionAttributes, lookup: AdmissionLookup): Promise<void> {
    if (a.subresource !== "" || !isPods(a) || !a.object) return;
    if (a.operation === "CREATE") await admitPodCreate(a, lookup);
    else if (a.operation === "UPDATE") admitPodUpdate(a);
  },
  validate(a: AdmissionAttributes, lookup: AdmissionLookup): void {
    if (a.subresource !== "" || !isPriorityClasses(a)) return;
    validatePriorityClass(a, lookup);
  },
};
