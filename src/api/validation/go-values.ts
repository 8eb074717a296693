import { goQuote } from "./field-error.ts";
import type { LabelSelector } from "../meta/types.ts";

/**
 * Bad values that upstream prints with Go's %#v or a String() method. Wrapping them keeps
 * messages such as `spec.selector: Invalid value: v1.LabelSelector{...}: field is immutable`
 * exactly as kubectl users know them.
 */
export class GoValue {
  constructor(
    private readonly text: string,
    /** The JSON value, for clients that read causes. */
    readonly value: unknown,
  ) {}
  toString(): string {
    return this.text;
  }
  toJSON(): unknown {
    return this.value;
  }
}

/** map[string]string{"a":"b"} (keys sorted, as Go prints maps); nil prints as map[string]string(nil). */
export function goStringMap(m: Readonly<Record<string, string>> | undefined | null): GoValue {
  if (m === undefined || m === null) return new GoValue("map[string]string(nil)", m ?? null);
  const entries = Object.keys(m)
    .sort()
    .map((k) => `${goQuote(k)}:${goQuote(m[k] as string)}`);
  return new GoValue(`map[string]string{${entries.join(", ")}}`, m);
}

export function goStrings(v: readonly string[] | undefined): string {
  return v === undefined ? "[]string(nil)" : `[]string{${v.map(goQuote).join(", ")}}`;
}

/** A *metav1.LabelSelector as %#v prints it; nil prints as null. */
export function goLabelSelector(sel: LabelSelector | undefined | null): GoValue | null {
  if (sel === undefined || sel === null) return null;
  const exprs =
    sel.matchExpressions === undefined
      ? "[]v1.LabelSelectorRequirement(nil)"
      : `[]v1.LabelSelectorRequirement{${sel.matchExpressions
          .map((e) => `v1.LabelSelectorRequirement{Key:${goQuote(e.key)}, Operator:${goQuote(e.operator)}, Values:${goStrings(e.values)}}`)
          .join(", ")}}`;
  return new GoValue(`v1.LabelSelector{MatchLabels:${goStringMap(sel.matchLabels).toString()}, MatchExpressions:${exprs}}`, sel);
}

/** intstr.IntOrString prints through its String() method: 25% or 1, unquoted. */
export function goIntOrString(v: string | number | undefined): GoValue {
  return new GoValue(v === undefined ? "0" : String(v), v ?? null);
}
