/**
 * Taints and tolerations (upstream v1helper.TolerationsTolerateTaint), shared by the
 * DaemonSet and node lifecycle controllers.
 */
import type { Taint, Toleration } from "../../api/types/index.ts";

export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.operator === "Exists") return !t.key || t.key === taint.key;
  if (t.key !== taint.key) return false;
  return (t.value ?? "") === (taint.value ?? "");
}

export function toleratesAll(tolerations: readonly Toleration[] | undefined, taints: readonly Taint[], effects: readonly string[]): boolean {
  return taints.filter((x) => effects.includes(x.effect)).every((x) => (tolerations ?? []).some((t) => tolerates(t, x)));
}

/** Adds tolerations not already present (by key, operator, value and effect). */
export function withTolerations(existing: readonly Toleration[] | undefined, add: readonly Toleration[]): Toleration[] {
  const out = [...(existing ?? [])];
  for (const t of add) {
    if (!out.some((e) => e.key === t.key && (e.operator ?? "Equal") === (t.operator ?? "Equal") && (e.value ?? "") === (t.value ?? "") && e.effect === t.effect)) out.push(t);
  }
  return out;
}
