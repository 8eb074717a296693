/**
 * Resource scoring math shared by the inline plugins and the pool kernels (imports nothing,
 * so the worker stays light). All arithmetic follows upstream's int64 behaviour: divisions
 * truncate. requested[i]/allocatable[i] describe resource i; allocatable 0 skips it.
 */

export const Strategy = { LeastAllocated: 0, MostAllocated: 1, RequestedToCapacityRatio: 2, Balanced: 3 } as const;
export type Strategy = (typeof Strategy)[keyof typeof Strategy];

const MAX = 100;
const MAX_UTILIZATION = 100;

export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX) / capacity);
}

export function mostRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  const r = requested > capacity ? capacity : requested;
  return Math.trunc((r * MAX) / capacity);
}

/** shape: [u0, s0, u1, s1, ...] with scores already scaled to 0..100. */
export function brokenLinear(shape: ArrayLike<number>, p: number): number {
  const n = shape.length / 2;
  for (let i = 0; i < n; i++) {
    const u = shape[2 * i]!;
    if (p <= u) {
      if (i === 0) return shape[1]!;
      const u0 = shape[2 * i - 2]!;
      const s0 = shape[2 * i - 1]!;
      const s1 = shape[2 * i + 1]!;
      return s0 + Math.trunc(((s1 - s0) * (p - u0)) / (u - u0));
    }
  }
  return shape[2 * n - 1]!;
}

export function rtcrResourceScore(shape: ArrayLike<number>, requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return brokenLinear(shape, MAX_UTILIZATION);
  return brokenLinear(shape, Math.trunc((requested * MAX_UTILIZATION) / capacity));
}

export function balancedScore(requested: ArrayLike<number>, allocatable: ArrayLike<number>, n: number): number {
  let count = 0;
  let total = 0;
  let f0 = 0;
  let f1 = 0;
  for (let i = 0; i < n; i++) {
    const a = allocatable[i]!;
    if (a === 0) continue;
    let f = requested[i]! / a;
    if (f > 1) f = 1;
    total += f;
    if (count === 0) f0 = f;
    else if (count === 1) f1 = f;
    count++;
  }
  let std = 0;
  if (count === 2) std = Math.abs((f0 - f1) / 2);
  else if (count > 2) {
    const mean = total / count;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const a = allocatable[i]!;
      if (a === 0) continue;
      let f = requested[i]! / a;
      if (f > 1) f = 1;
      sum += (f - mean) * (f - mean);
    }
    std = Math.sqrt(sum / count);
  }
  return Math.trunc((1 - std) * MAX);
}

/** The node score of a resource strategy over n resources. */
export function resourceScore(
  strategy: Strategy,
  weights: ArrayLike<number>,
  requested: ArrayLike<number>,
  allocatable: ArrayLike<number>,
  n: number,
  shape: ArrayLike<number> | null,
): number {
  if (strategy === Strategy.Balanced) return balancedScore(requested, allocatable, n);
  let score = 0;
  let weightSum = 0;
  for (let i = 0; i < n; i++) {
    const a = allocatable[i]!;
    if (a === 0) continue;
    const w = weights[i]!;
    if (strategy === Strategy.LeastAllocated) {
      score += leastRequestedScore(requested[i]!, a) * w;
      weightSum += w;
    } else if (strategy === Strategy.MostAllocated) {
      score += mostRequestedScore(requested[i]!, a) * w;
      weightSum += w;
    } else {
      const s = rtcrResourceScore(shape!, requested[i]!, a);
      if (s > 0) {
        score += s * w;
        weightSum += w;
      }
    }
  }
  if (weightSum === 0) return 0;
  return strategy === Strategy.RequestedToCapacityRatio ? Math.round(score / weightSum) : Math.trunc(score / weightSum);
}
