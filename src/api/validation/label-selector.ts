import type { LabelSelector } from "../meta/types.ts";
import { isValidLabelValue } from "./names.ts";
import { selectorFromLabelSelector, type Selector } from "../labels/index.ts";
import { forbidden, invalid, required, type FieldError, type Path } from "./field-error.ts";
import { arr } from "./helpers.ts";
import { validateLabels } from "./object-meta.ts";
import { isQualifiedName } from "./names.ts";
import { goLabelSelector, goStringMap } from "./go-values.ts";

/** metav1 LabelSelector validation and the controller-template selector rules. */

export function validateLabelSelector(sel: LabelSelector | undefined, path: Path): FieldError[] {
  if (!sel) return [];
  const errs = validateLabels(sel.matchLabels, path.child("matchLabels"));
  arr<LabelSelector["matchExpressions"] & object>(sel.matchExpressions).forEach((e, i) => {
    const p = path.child("matchExpressions").index(i);
    const r = e as unknown as { key?: string; operator?: string; values?: string[] };
    const values = arr<string>(r.values);
    switch (r.operator) {
      case "In":
      case "NotIn":
        if (values.length === 0) errs.push(required(p.child("values"), "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case "Exists":
      case "DoesNotExist":
        if (values.length > 0) errs.push(forbidden(p.child("values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        break;
      default:
        errs.push(invalid(p.child("operator"), r.operator ?? "", "not a valid selector operator"));
    }
    for (const m of isQualifiedName(r.key ?? "")) errs.push(invalid(p.child("key"), r.key ?? "", m));
    values.forEach((v, vi) => {
      for (const m of isValidLabelValue(v)) errs.push(invalid(p.child("values").index(vi), v, m));
    });
  });
  return errs;
}

/**
 * The selector rules of Deployments, ReplicaSets, StatefulSets, DaemonSets: required,
 * valid, non-empty, and matching the template's labels.
 */
export function validateControllerSelector(
  sel: LabelSelector | undefined,
  templateLabels: Record<string, string> | undefined,
  kindWord: string,
  specPath: Path,
): FieldError[] {
  const path = specPath.child("selector");
  const errs: FieldError[] = [];
  if (!sel) errs.push(required(path, ""));
  else {
    errs.push(...validateLabelSelector(sel, path));
    if (Object.keys(sel.matchLabels ?? {}).length + arr(sel.matchExpressions).length === 0) {
      errs.push(invalid(path, goLabelSelector(sel), `empty selector is invalid for ${kindWord}`));
    }
  }
  // A missing selector selects nothing, so the template never matches (as upstream reports).
  let selector: Selector | undefined;
  try {
    selector = selectorFromLabelSelector(sel);
  } catch {
    errs.push(invalid(path, goLabelSelector(sel), "invalid label selector"));
  }
  if (selector && !selector.isEmpty() && !selector.matches(templateLabels ?? {})) {
    errs.push(invalid(specPath.child("template", "metadata", "labels"), goStringMap(templateLabels), "`selector` does not match template `labels`"));
  }
  return errs;
}
