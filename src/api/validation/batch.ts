import type { LabelSelector } from "../meta/types.ts";
import type { CronJob, Job, JobSpec } from "../types/index.ts";
import { isDNS1123Label } from "./names.ts";
import { selectorFromLabelSelector } from "../labels/index.ts";
import { invalid, notSupported, Path, required, type FieldError } from "./field-error.ts";
import { goLabelSelector, goStringMap } from "./go-values.ts";
import { enumValue, isObj, nonNegative } from "./helpers.ts";
import { validateLabelSelector } from "./label-selector.ts";
import { jsonEqual, validateImmutable } from "./object-meta.ts";
import { validatePodTemplateSpec } from "./pod-spec.ts";
import { CronError, parseCronSchedule } from "./cron.ts";

/** batch/v1 Job and CronJob rules (pkg/apis/batch/validation). */

const SPEC = Path.root("spec");
const MAX_PARALLELISM_INDEXED = 100000;

/** Numeric fields, the template and its restart policy (upstream validateJobSpec). */
function validateJobSpecCommon(spec: JobSpec, path: Path): FieldError[] {
  const errs: FieldError[] = [];
  errs.push(...nonNegative(spec.parallelism, path.child("parallelism")));
  errs.push(...nonNegative(spec.completions, path.child("completions")));
  errs.push(...nonNegative(spec.activeDeadlineSeconds, path.child("activeDeadlineSeconds")));
  errs.push(...nonNegative(spec.backoffLimit, path.child("backoffLimit")));
  errs.push(...nonNegative(spec.ttlSecondsAfterFinished, path.child("ttlSecondsAfterFinished")));
  errs.push(...nonNegative(spec.backoffLimitPerIndex, path.child("backoffLimitPerIndex")));
  if (spec.completionMode !== undefined) {
    if (spec.completionMode !== "NonIndexed" && spec.completionMode !== "Indexed")
      errs.push(notSupported(path.child("completionMode"), spec.completionMode, ["NonIndexed", "Indexed"]));
    if (spec.completionMode === "Indexed") {
      if (spec.completions === undefined) errs.push(required(path.child("completions"), "when completion mode is Indexed"));
      if (spec.parallelism !== undefined && spec.parallelism > MAX_PARALLELISM_INDEXED)
        errs.push(invalid(path.child("parallelism"), spec.parallelism, `must be less than or equal to ${MAX_PARALLELISM_INDEXED} when completion mode is Indexed`));
    }
  }
  if (spec.podReplacementPolicy !== undefined)
    errs.push(...enumValue(spec.podReplacementPolicy, ["TerminatingOrFailed", "Failed"], path.child("podReplacementPolicy")));
  errs.push(...validatePodTemplateSpec(spec.template, path.child("template")));
  const rp = spec.template?.spec?.restartPolicy ?? "";
  if (rp === "Always" || rp === "") errs.push(required(path.child("template", "spec", "restartPolicy"), 'valid values: "OnFailure", "Never"'));
  else if (rp !== "OnFailure" && rp !== "Never") errs.push(notSupported(path.child("template", "spec", "restartPolicy"), rp, ["OnFailure", "Never"]));
  return errs;
}

export function validateJobSpec(spec: JobSpec | undefined, path: Path = SPEC): FieldError[] {
  const s = spec ?? ({} as JobSpec);
  const errs = validateJobSpecCommon(s, path);
  if (!s.selector) errs.push(required(path.child("selector"), ""));
  else errs.push(...validateLabelSelector(s.selector, path.child("selector")));
  try {
    if (!selectorFromLabelSelector(s.selector).matches(s.template?.metadata?.labels ?? {}))
      errs.push(invalid(path.child("template", "metadata", "labels"), goStringMap(s.template?.metadata?.labels), "`selector` does not match template `labels`"));
  } catch {
    // invalid selectors are reported by validateLabelSelector
  }
  return errs;
}

export function validateJob(job: Job): FieldError[] {
  const errs = validateJobSpec(job.spec);
  const spec = job.spec;
  const name = job.metadata?.name ?? "";
  if (spec?.completionMode === "Indexed" && (spec.completions ?? 0) > 0) {
    const maxHostname = `${name}-${(spec.completions ?? 0) - 1}`;
    if (isDNS1123Label(maxHostname).length > 0)
      errs.push(invalid(Path.root("metadata").child("name"), name, `will not able to create pod with invalid DNS label: ${maxHostname}`));
  }
  return errs;
}

/** ValidateJobSpecUpdate: selector, template (unless suspended and never started), modes immutable. */
export function validateJobUpdate(job: Job, old: Job): FieldError[] {
  const s = job.spec ?? ({} as JobSpec);
  const o = old.spec ?? ({} as JobSpec);
  const errs: FieldError[] = [];
  const elasticIndexed = s.completionMode === "Indexed" && o.completionMode === "Indexed" && s.completions === s.parallelism && o.completions === o.parallelism;
  if (!elasticIndexed) errs.push(...validateImmutable(s.completions ?? null, o.completions ?? null, SPEC.child("completions")));
  if (!jsonEqual(s.selector ?? null, o.selector ?? null)) errs.push(invalid(SPEC.child("selector"), goLabelSelector(s.selector as LabelSelector), "field is immutable"));
  let oldTemplate = o.template;
  const neverStarted = old.status?.startTime === undefined;
  if (o.suspend === true && neverStarted && isObj(oldTemplate) && isObj(s.template)) {
    // Suspended jobs that never ran may change scheduling directives.
    const t = s.template;
    oldTemplate = {
      ...oldTemplate,
      metadata: { ...oldTemplate.metadata, labels: t.metadata?.labels ?? {}, annotations: t.metadata?.annotations ?? {} },
      spec: { ...oldTemplate.spec!, nodeSelector: t.spec?.nodeSelector ?? {}, tolerations: t.spec?.tolerations ?? [], affinity: t.spec?.affinity ?? {}, schedulingGates: t.spec?.schedulingGates ?? [] },
    } as typeof oldTemplate;
    const norm = (x: unknown) => JSON.parse(JSON.stringify(x ?? null));
    if (!jsonEqual(norm(s.template), norm(oldTemplate))) errs.push(invalid(SPEC.child("template"), s.template, "field is immutable"));
  } else {
    errs.push(...validateImmutable(s.template, oldTemplate, SPEC.child("template")));
  }
  errs.push(...validateImmutable(s.completionMode ?? null, o.completionMode ?? null, SPEC.child("completionMode")));
  errs.push(...validateImmutable(s.podFailurePolicy ?? null, o.podFailurePolicy ?? null, SPEC.child("podFailurePolicy")));
  errs.push(...validateImmutable(s.backoffLimitPerIndex ?? null, o.backoffLimitPerIndex ?? null, SPEC.child("backoffLimitPerIndex")));
  errs.push(...validateImmutable(s.managedBy ?? null, o.managedBy ?? null, SPEC.child("managedBy")));
  errs.push(...validateImmutable(s.successPolicy ?? null, o.successPolicy ?? null, SPEC.child("successPolicy")));
  errs.push(...validateImmutable(s.podReplacementPolicy ?? null, o.podReplacementPolicy ?? null, SPEC.child("podReplacementPolicy")));
  return errs;
}

function validateTimeZone(tz: string | undefined, path: Path): FieldError[] {
  if (tz === undefined) return [];
  if (tz === "") return [invalid(path, tz, "timeZone must be nil or non-empty string")];
  for (const part of tz.split("/")) {
    if (part === "." || part === ".." || part.startsWith("-") || !/^[A-Za-z\.\-_0-9+]{1,14}$/.test(part))
      return [invalid(path, tz, `unknown time zone ${tz}`)];
  }
  if (tz.toLowerCase() === "local") return [invalid(path, tz, "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones")];
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
  } catch {
    return [invalid(path, tz, `unknown time zone ${tz}`)];
  }
  return [];
}

export function validateCronJob(cj: CronJob, old?: CronJob): FieldError[] {
  const errs: FieldError[] = [];
  const spec = cj.spec ?? ({} as NonNullable<CronJob["spec"]>);
  const name = cj.metadata?.name ?? "";
  if (!old && name.length > 52) errs.push(invalid(Path.root("metadata").child("name"), name, "must be no more than 52 characters"));
  const schedule = spec.schedule ?? "";
  if (!schedule) errs.push(required(SPEC.child("schedule"), ""));
  else {
    try {
      parseCronSchedule(schedule);
    } catch (e) {
      if (!(e instanceof CronError)) throw e;
      errs.push(invalid(SPEC.child("schedule"), schedule, e.message));
    }
    const allowTZ = old?.spec?.schedule?.includes("TZ") ?? false;
    if (allowTZ && schedule.includes("TZ") && spec.timeZone !== undefined)
      errs.push(invalid(SPEC.child("schedule"), schedule, "cannot use both timeZone field and TZ or CRON_TZ in schedule"));
    else if (!allowTZ && schedule.includes("TZ"))
      errs.push(invalid(SPEC.child("schedule"), schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
  }
  errs.push(...nonNegative(spec.startingDeadlineSeconds, SPEC.child("startingDeadlineSeconds")));
  if (!old || old.spec?.timeZone !== spec.timeZone) errs.push(...validateTimeZone(spec.timeZone, SPEC.child("timeZone")));
  errs.push(...enumValue(spec.concurrencyPolicy, ["Allow", "Forbid", "Replace"], SPEC.child("concurrencyPolicy")));
  const jt = SPEC.child("jobTemplate");
  const jobSpec = spec.jobTemplate?.spec ?? ({} as JobSpec);
  errs.push(...validateJobSpecCommon(jobSpec, jt.child("spec")));
  if (jobSpec.selector) errs.push(invalid(jt.child("spec", "selector"), goLabelSelector(jobSpec.selector), "`selector` will be auto-generated"));
  if (jobSpec.manualSelector === true) errs.push(notSupported(jt.child("spec", "manualSelector"), true, ["nil", "false"]));
  errs.push(...nonNegative(spec.successfulJobsHistoryLimit, SPEC.child("successfulJobsHistoryLimit")));
  errs.push(...nonNegative(spec.failedJobsHistoryLimit, SPEC.child("failedJobsHistoryLimit")));
  return errs;
}
