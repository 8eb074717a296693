/** Upstream's CPU conversions (pkg/kubelet/cm/helpers_linux.go), cgroup v2 flavour. */

export const MIN_SHARES = 2;
export const MAX_SHARES = 262144;
export const SHARES_PER_CPU = 1024;
export const MILLI_CPU_TO_CPU = 1000;
/** Default cpu.max period in microseconds. */
export const QUOTA_PERIOD = 100000;
/** The smallest quota the kernel accepts, in microseconds. */
export const MIN_QUOTA_PERIOD = 1000;

/** cpu.max quota for a milli-CPU limit; 0 means "no limit". */
export function milliCpuToQuota(milliCpu: number, period = QUOTA_PERIOD): number {
  if (milliCpu <= 0) return 0;
  const quota = Math.floor((milliCpu * period) / MILLI_CPU_TO_CPU);
  return quota < MIN_QUOTA_PERIOD ? MIN_QUOTA_PERIOD : quota;
}

/** cgroup v1 cpu.shares for a milli-CPU request. */
export function milliCpuToShares(milliCpu: number): number {
  if (milliCpu <= 0) return MIN_SHARES;
  const shares = Math.floor((milliCpu * SHARES_PER_CPU) / MILLI_CPU_TO_CPU);
  if (shares < MIN_SHARES) return MIN_SHARES;
  if (shares > MAX_SHARES) return MAX_SHARES;
  return shares;
}

/** cgroup v2 cpu.weight for v1 shares (the mapping runc and the kubelet use). */
export function sharesToWeight(shares: number): number {
  if (shares === 0) return 0;
  return 1 + Math.floor(((shares - 2) * 9999) / 262142);
}

export function milliCpuToWeight(milliCpu: number): number {
  return sharesToWeight(milliCpuToShares(milliCpu));
}
