# Guest script (busybox sh, root) for test/vm/cgroup-v2.test.ts: proves the cgroup v2
# hierarchy the kubelet relies on, with kernel tools only. Reports `@key=value` lines;
# the test judges them. Every section runs even when an earlier one failed.
cg=/sys/fs/cgroup
now() { cut -d' ' -f1 /proc/uptime; }
kv() { echo "@$1=$2"; }
stat_field() { awk -v k="$2" '$1 == k { print $2 }' "$1"; }
# Runs "$@" in cgroup $1: the shell moves itself there and execs, so its pid is the
# command's (and $! is it when started with &).
in_cg() {
  sh -c 'echo $$ >"$0/cgroup.procs" && exec "$@"' "$@"
}
# Kills everything in cgroup $1 and waits until it is empty.
kill_cg() {
  echo 1 >"$1/cgroup.kill"
  for _ in $(seq 50); do
    [ -z "$(cat "$1/cgroup.procs")" ] && return 0
    sleep 0.1
  done
  return 1
}

echo "== node"
kv fstype "$(awk -v m=$cg '$2 == m { print $3 }' /proc/mounts)"
kv controllers "$(cat $cg/cgroup.controllers)"
kv subtree_control "$(cat $cg/cgroup.subtree_control)"
kv kernel "$(uname -r)"
kv cpus "$(grep -c ^processor /proc/cpuinfo)"

echo "== kubun check"
t0=$(now)
kubun check --data-dir /var/lib/kubun/check
kv check_rc $?
kv check_seconds "$(awk -v a="$t0" -v b="$(now)" 'BEGIN { print b - a }')"

echo "== memory.max"
mkdir $cg/t-mem $cg/t-mem-free
echo 32M >$cg/t-mem/memory.max
echo 256M >$cg/t-mem-free/memory.max
kv mem_max "$(cat $cg/t-mem/memory.max)"
# dd reads into one bs-sized buffer: 64 MiB of anonymous memory, touched by the kernel.
alloc='dd if=/dev/zero of=/dev/null bs=64M count=1 2>/dev/null && echo "allocated 64 MiB"'
in_cg $cg/t-mem-free sh -c "$alloc"
kv mem_free_exit $?
kv mem_free_oom_kill "$(stat_field $cg/t-mem-free/memory.events oom_kill)"
in_cg $cg/t-mem sh -c "$alloc"
kv mem_exit $?
kv mem_oom_kill "$(stat_field $cg/t-mem/memory.events oom_kill)"
kv mem_oom "$(stat_field $cg/t-mem/memory.events oom)"
kv mem_peak "$(cat $cg/t-mem/memory.peak 2>/dev/null)"

echo "== cpu.max"
mkdir $cg/t-cpu $cg/t-cpu-free
echo "20000 100000" >$cg/t-cpu/cpu.max
kv cpu_max "$(cat $cg/t-cpu/cpu.max)"
sh -c 'echo $$ >"$0/cgroup.procs" && exec sh -c "while :; do :; done"' $cg/t-cpu &
limited=$!
sh -c 'echo $$ >"$0/cgroup.procs" && exec sh -c "while :; do :; done"' $cg/t-cpu-free &
free=$!
sleep 1
u0=$(stat_field $cg/t-cpu/cpu.stat usage_usec)
f0=$(stat_field $cg/t-cpu-free/cpu.stat usage_usec)
t0=$(now)
sleep 4
u1=$(stat_field $cg/t-cpu/cpu.stat usage_usec)
f1=$(stat_field $cg/t-cpu-free/cpu.stat usage_usec)
t1=$(now)
kill_cg $cg/t-cpu
kill_cg $cg/t-cpu-free
wait $limited $free 2>/dev/null
kv cpu_wall_usec "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%d", (b - a) * 1000000 }')"
kv cpu_usage_usec "$((u1 - u0))"
kv cpu_free_usage_usec "$((f1 - f0))"
kv cpu_nr_periods "$(stat_field $cg/t-cpu/cpu.stat nr_periods)"
kv cpu_nr_throttled "$(stat_field $cg/t-cpu/cpu.stat nr_throttled)"
kv cpu_throttled_usec "$(stat_field $cg/t-cpu/cpu.stat throttled_usec)"
kv cpu_free_nr_throttled "$(stat_field $cg/t-cpu-free/cpu.stat nr_throttled)"

echo "== pids.max"
mkdir $cg/t-pids
echo 20 >$cg/t-pids/pids.max
# A fork bomb: every copy starts two more, until the cgroup runs out of pids.
sh -c 'echo $$ >"$0/cgroup.procs" && exec sh -c "bomb() { bomb | bomb & }; bomb; sleep 30"' $cg/t-pids >/dev/null 2>&1 &
bomber=$!
peak=0
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
  c=$(cat $cg/t-pids/pids.current)
  [ "$c" -gt "$peak" ] && peak=$c
  sleep 0.1
done
kv pids_peak "$peak"
kv pids_max_events "$(stat_field $cg/t-pids/pids.events max)"
kv pids_system_ok "$(echo alive)"
kill_cg $cg/t-pids
wait $bomber 2>/dev/null
kv pids_after_kill "$(cat $cg/t-pids/pids.current)"

echo "== cleanup"
gone=1
for d in t-mem t-mem-free t-cpu t-cpu-free t-pids; do
  kill_cg $cg/$d
  rmdir $cg/$d || gone=0
  [ -d $cg/$d ] && gone=0
done
kv cgroups_removed $gone

echo "== overlayfs and namespaces"
mkdir -p /var/lib/ov/lower /var/lib/ov/upper /var/lib/ov/work /var/lib/ov/merged
echo lower >/var/lib/ov/lower/f
if mount -t overlay overlay -o lowerdir=/var/lib/ov/lower,upperdir=/var/lib/ov/upper,workdir=/var/lib/ov/work /var/lib/ov/merged; then
  echo upper >/var/lib/ov/merged/f
  kv overlay "$(cat /var/lib/ov/lower/f)/$(cat /var/lib/ov/upper/f)"
  umount /var/lib/ov/merged
else
  kv overlay failed
fi
# busybox sh runs its own applets first: util-linux tools go by path.
kv unshare_pid "$(/usr/bin/unshare --mount --pid --uts --ipc --fork --kill-child --mount-proc sh -c 'echo $$')"
exit 0
