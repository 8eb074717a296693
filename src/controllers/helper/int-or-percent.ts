/**
 * intstr.IntOrString scaling (upstream GetScaledValueFromIntOrPercent): an integer is
 * taken as is; "N%" is N percent of total, rounded up or down as asked.
 */

export type IntOrString = number | string;

export class IntOrPercentError extends Error {}

/** Scales value against total; throws for a string that is not an integer percentage. */
export function scaledValue(value: IntOrString | undefined, total: number, roundUp: boolean): number {
  if (value === undefined) throw new IntOrPercentError("nil value for IntOrString");
  if (typeof value === "number") return value;
  const m = /^(-?\d+)%$/.exec(value);
  if (!m) throw new IntOrPercentError(`invalid value for IntOrString: invalid type: string is not a percentage`);
  const pct = Number(m[1]);
  const exact = (pct * total) / 100;
  // integer arithmetic as upstream: ceil/floor of (pct*total)/100
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/** Like scaledValue, but the default when value is undefined. */
export function scaledValueOr(value: IntOrString | undefined, total: number, roundUp: boolean, fallback: IntOrString): number {
  return scaledValue(value ?? fallback, total, roundUp);
}
