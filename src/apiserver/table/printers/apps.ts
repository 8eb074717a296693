/** Printers for apps/v1 kinds. */
import type { ControllerRevision } from "../../../api/types/apps/controllerrevision.ts";
import type { DaemonSet } from "../../../api/types/apps/daemonset.ts";
import type { Deployment } from "../../../api/types/apps/deployment.ts";
import type { ReplicaSet } from "../../../api/types/apps/replicaset.ts";
import type { StatefulSet } from "../../../api/types/apps/statefulset.ts";
import { since } from "../duration.ts";
import {
  AGE_COLUMN,
  col,
  containerCells,
  CONTAINERS_COLUMN,
  formatLabels,
  formatLabelSelector,
  IMAGES_COLUMN,
  labelSelectorText,
  NAME_COLUMN,
  SELECTOR_COLUMN,
} from "../format.ts";
import { printer } from "../printer.ts";

export const deploymentPrinter = printer<Deployment>(
  [
    NAME_COLUMN,
    col("Ready", "string", "Ready pods out of desired pods."),
    col("Up-to-date", "string", "Pods running the current template."),
    col("Available", "string", "Pods available to serve."),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    SELECTOR_COLUMN,
  ],
  (d, now) => {
    const [names, images] = containerCells(d.spec?.template.spec?.containers);
    return [
      d.metadata.name ?? "",
      `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 1}`,
      d.status?.updatedReplicas ?? 0,
      d.status?.availableReplicas ?? 0,
      since(d.metadata.creationTimestamp, now),
      names,
      images,
      labelSelectorText(d.spec?.selector),
    ];
  },
);

/** What the ReplicaSet columns read; ReplicationControllers have the same fields. */
interface Replicated {
  metadata: { name?: string; creationTimestamp?: string };
  spec?: { replicas?: number; template?: { spec?: { containers?: readonly { name: string; image?: string }[] } } };
  status?: { replicas?: number; readyReplicas?: number };
}

/** The ReplicaSet columns, with the selector as `selectorText` prints it (ReplicationController's is a label map). */
export function replicatedPrinter<T extends Replicated>(selectorText: (o: T) => string) {
  return printer<T>(
    [
      NAME_COLUMN,
      col("Desired", "integer", "Desired number of pods."),
      col("Current", "integer", "Current number of pods."),
      col("Ready", "integer", "Ready pods."),
      AGE_COLUMN,
      CONTAINERS_COLUMN,
      IMAGES_COLUMN,
      SELECTOR_COLUMN,
    ],
    (o, now) => {
      const [names, images] = containerCells(o.spec?.template?.spec?.containers);
      return [o.metadata.name ?? "", o.spec?.replicas ?? 1, o.status?.replicas ?? 0, o.status?.readyReplicas ?? 0, since(o.metadata.creationTimestamp, now), names, images, selectorText(o)];
    },
  );
}

export const replicaSetPrinter = replicatedPrinter<ReplicaSet>((rs) => formatLabelSelector(rs.spec?.selector));

export const statefulSetPrinter = printer<StatefulSet>(
  [NAME_COLUMN, col("Ready", "string", "Ready pods out of desired pods."), AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN],
  (sts, now) => {
    const [names, images] = containerCells(sts.spec?.template.spec?.containers);
    return [sts.metadata.name ?? "", `${sts.status?.readyReplicas ?? 0}/${sts.spec?.replicas ?? 1}`, since(sts.metadata.creationTimestamp, now), names, images];
  },
);

export const daemonSetPrinter = printer<DaemonSet>(
  [
    NAME_COLUMN,
    col("Desired", "integer", "Nodes that should run the pod."),
    col("Current", "integer", "Nodes running the pod."),
    col("Ready", "integer", "Nodes with a ready pod."),
    col("Up-to-date", "integer", "Nodes running the current template."),
    col("Available", "integer", "Nodes with an available pod."),
    col("Node Selector", "string", "Labels the nodes must have."),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    SELECTOR_COLUMN,
  ],
  (ds, now) => {
    const [names, images] = containerCells(ds.spec?.template.spec?.containers);
    const st = ds.status;
    return [
      ds.metadata.name ?? "",
      st?.desiredNumberScheduled ?? 0,
      st?.currentNumberScheduled ?? 0,
      st?.numberReady ?? 0,
      st?.updatedNumberScheduled ?? 0,
      st?.numberAvailable ?? 0,
      formatLabels(ds.spec?.template.spec?.nodeSelector),
      since(ds.metadata.creationTimestamp, now),
      names,
      images,
      formatLabelSelector(ds.spec?.selector),
    ];
  },
);

/** "statefulset.apps/web": the controller owner as kind.group/name in lower case. */
function controllerName(cr: ControllerRevision): string {
  const owner = cr.metadata.ownerReferences?.find((o) => o.controller === true);
  if (!owner) return "<none>";
  const slash = owner.apiVersion.indexOf("/");
  const group = slash < 0 ? "" : owner.apiVersion.slice(0, slash);
  const groupKind = group ? `${owner.kind}.${group}` : owner.kind;
  return groupKind ? `${groupKind.toLowerCase()}/${owner.name}` : owner.name;
}

export const controllerRevisionPrinter = printer<ControllerRevision>(
  [NAME_COLUMN, col("Controller", "string", "The controller that owns the revision."), col("Revision", "string", "Revision number."), AGE_COLUMN],
  (cr, now) => [cr.metadata.name ?? "", controllerName(cr), cr.revision ?? 0, since(cr.metadata.creationTimestamp, now)],
);
