/** Printers for scheduling.k8s.io kinds (upstream printPriorityClass). */
import type { PriorityClass } from "../../../api/types/scheduling/priority-class.ts";
import { since } from "../duration.ts";
import { AGE_COLUMN, col, NAME_COLUMN } from "../format.ts";
import { printer } from "../printer.ts";

/** NAME, VALUE, GLOBAL-DEFAULT, AGE, then PREEMPTIONPOLICY (shown without -o wide too). */
export const priorityClassPrinter = printer<PriorityClass>(
  [
    NAME_COLUMN,
    col("Value", "integer", "The priority pods of the class receive."),
    col("Global-Default", "boolean", "Whether pods naming no class get this one."),
    AGE_COLUMN,
    col("PreemptionPolicy", "string", "Whether pods of the class may preempt lower-priority pods."),
  ],
  (pc, now) => [pc.metadata.name ?? "", pc.value ?? 0, pc.globalDefault ?? false, since(pc.metadata.creationTimestamp, now), pc.preemptionPolicy ?? ""],
);
