/** The pods a Job creates: its template, the tracking finalizer, and for Indexed jobs the completion index. */
import type { Job, Pod } from "../../api/types/index.ts";
import { newControllerRef } from "../helper/owner-refs.ts";
import { podFromTemplate } from "../helper/pod-template.ts";
import { COMPLETION_INDEX_ANNOTATION, COMPLETION_INDEX_ENV, COMPLETION_INDEX_LABEL, TRACKING_FINALIZER } from "./constants.ts";

/** Upstream truncates the name prefix so the generated name stays within 63 characters. */
function indexedGenerateName(jobName: string, index: number): string {
  const suffix = `-${index}-`;
  return `${jobName.slice(0, 58 - suffix.length)}${suffix}`;
}

export function jobPod(job: Job, index?: number): Pod {
  const ref = newControllerRef({ apiVersion: "batch/v1", kind: "Job", metadata: job.metadata });
  const pod = podFromTemplate(job.spec?.template, job.metadata.name ?? "", job.metadata.namespace ?? "", ref);
  pod.metadata.finalizers = [...new Set([...(pod.metadata.finalizers ?? []), TRACKING_FINALIZER])];
  if (index !== undefined) {
    pod.metadata.generateName = indexedGenerateName(job.metadata.name ?? "", index);
    pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), [COMPLETION_INDEX_ANNOTATION]: String(index) };
    pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [COMPLETION_INDEX_LABEL]: String(index) };
    const spec = pod.spec!;
    if (!spec.hostname) spec.hostname = `${job.metadata.name}-${index}`;
    const env = { name: COMPLETION_INDEX_ENV, valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${COMPLETION_INDEX_ANNOTATION}']` } } };
    for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
      if (!(c.env ?? []).some((e) => e.name === COMPLETION_INDEX_ENV)) c.env = [...(c.env ?? []), env];
    }
  }
  return pod;
}
