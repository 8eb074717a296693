# Guest script (busybox sh, root) for test/vm/node.test.ts: `kubun server` as control
# plane plus agent on a real cgroup v2 node, driven by the real kubectl. Expects:
#   /opt/tools/kubectl                          (9p share of .cache/tools)
#   /var/lib/kubun/agent/images/busybox.tar     (OCI archive, imported at agent start)
# Reports `@key=value` lines; the test judges them. The server's log ends up in
# /vm/out/server.log on the host.
cg=/sys/fs/cgroup
data=/var/lib/kubun
image=kubun.test/busybox:1.35
export KUBECONFIG=/root/.kube/config
export PATH=/opt/tools:$PATH
now() { cut -d' ' -f1 /proc/uptime; }
kv() { echo "@$1=$2"; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
stat_field() { awk -v k="$2" '$1 == k { print $2 }' "$1"; }
# wait_for SECONDS CMD...: retries CMD every half second until it succeeds.
wait_for() {
  limit=$1
  shift
  t=$(now)
  while ! "$@" >/dev/null 2>&1; do
    if awk -v a="$t" -v b="$(now)" -v l="$limit" 'BEGIN { exit !(b - a > l) }'; then return 1; fi
    sleep 0.5
  done
}
finish() {
  kv exit_reason "$1"
  echo "== server log (tail)"
  tail -n 40 /tmp/server.log
  cp /tmp/server.log /vm/out/server.log 2>/dev/null
  kill "$server" 2>/dev/null
  exit "$2"
}
pod_cgroup() { # pod name -> its pod-level cgroup folder
  uid=$(kubectl get pod "$1" -o jsonpath='{.metadata.uid}')
  find $cg/kubepods -maxdepth 3 -type d -name "pod$uid" 2>/dev/null | head -n 1
}

echo "== start"
t0=$(now)
kubun server --data-dir $data --write-kubeconfig $KUBECONFIG --kubelet-arg=pod-max-pids=64 >/tmp/server.log 2>&1 &
server=$!
wait_for 180 sh -c "kill -0 $server && kubectl get --raw /readyz" || finish "apiserver not ready" 1
kv readyz_seconds "$(since "$t0")"
wait_for 180 sh -c "kill -0 $server && kubectl get nodes -o name | grep -q node/" || finish "no node registered" 1
node=$(kubectl get nodes -o jsonpath='{.items[0].metadata.name}')
kv node "$node"
kubectl wait --for=condition=Ready "node/$node" --timeout=180s || finish "node not Ready" 1
kv node_ready_seconds "$(since "$t0")"
if wait_for 60 sh -c "kubectl get node $node -o jsonpath='{.status.images[*].names}' | grep -q '$image'"; then
  kv image_listed yes
else
  kv image_listed no
fi
kv node_pids_limit "$(cat $cg/kubepods/pids.max 2>/dev/null)"

echo "== pods"
cat <<EOF | kubectl apply -f - || finish "kubectl apply failed" 1
apiVersion: v1
kind: Pod
metadata: { name: mem }
spec:
  restartPolicy: Never
  containers:
  - name: c
    image: $image
    imagePullPolicy: Never
    command: ["dd", "if=/dev/zero", "of=/dev/null", "bs=64M", "count=1"]
    resources: { limits: { memory: 32Mi } }
---
apiVersion: v1
kind: Pod
metadata: { name: cpu }
spec:
  containers:
  - name: c
    image: $image
    imagePullPolicy: Never
    command: ["sh", "-c", "while :; do :; done"]
    resources: { limits: { cpu: 200m } }
---
apiVersion: v1
kind: Pod
metadata: { name: bomb }
spec:
  containers:
  - name: c
    image: $image
    imagePullPolicy: Never
    command: ["sh", "-c", "bomb() { bomb | bomb & }; bomb; sleep 3600"]
EOF

echo "== memory: 32Mi limit, 64 MiB allocation"
kubectl wait --for=jsonpath='{.status.phase}'=Failed pod/mem --timeout=180s
kv mem_phase "$(kubectl get pod mem -o jsonpath='{.status.phase}')"
kv mem_reason "$(kubectl get pod mem -o jsonpath='{.status.containerStatuses[0].state.terminated.reason}')"
kv mem_exit_code "$(kubectl get pod mem -o jsonpath='{.status.containerStatuses[0].state.terminated.exitCode}')"
mem_cg=$(pod_cgroup mem)
kv mem_cgroup "$mem_cg"
[ -n "$mem_cg" ] && kv mem_pod_memory_max "$(cat "$mem_cg/memory.max")"

echo "== cpu: 200m limit, busy loop"
kubectl wait --for=condition=Ready pod/cpu --timeout=180s
cpu_cg=$(pod_cgroup cpu)
kv cpu_cgroup "$cpu_cg"
if [ -n "$cpu_cg" ]; then
  kv cpu_pod_cpu_max "$(cat "$cpu_cg/cpu.max")"
  sleep 1
  u0=$(stat_field "$cpu_cg/cpu.stat" usage_usec)
  t=$(now)
  sleep 4
  u1=$(stat_field "$cpu_cg/cpu.stat" usage_usec)
  kv cpu_wall_usec "$(awk -v a="$t" -v b="$(now)" 'BEGIN { printf "%d", (b - a) * 1000000 }')"
  kv cpu_usage_usec "$((u1 - u0))"
  kv cpu_nr_throttled "$(stat_field "$cpu_cg/cpu.stat" nr_throttled)"
  kv cpu_throttled_usec "$(stat_field "$cpu_cg/cpu.stat" throttled_usec)"
fi

echo "== pids: fork bomb under the node's pod pids limit"
kubectl wait --for=condition=Ready pod/bomb --timeout=180s
bomb_cg=$(pod_cgroup bomb)
kv bomb_cgroup "$bomb_cg"
if [ -n "$bomb_cg" ]; then
  kv bomb_pids_max "$(cat "$bomb_cg/pids.max")"
  peak=0
  for _ in $(seq 30); do
    c=$(cat "$bomb_cg/pids.current")
    [ "$c" -gt "$peak" ] && peak=$c
    sleep 0.1
  done
  kv bomb_pids_peak "$peak"
  # Kernels before 6.13 count a refused fork in the forking task's own cgroup (the
  # container's), not where the limit sits; sum the pod's subtree.
  events=0
  for f in $(find "$bomb_cg" -name pids.events); do events=$((events + $(stat_field "$f" max))); done
  kv bomb_pids_max_events "$events"
fi
kv node_responsive "$(kubectl get node "$node" -o jsonpath='{.metadata.name}')"

echo "== delete"
kubectl delete pod mem cpu bomb --wait=true --timeout=180s
kv pods_left "$(kubectl get pods -o name | wc -l)"
gone=1
for d in "$mem_cg" "$cpu_cg" "$bomb_cg"; do
  [ -n "$d" ] || { gone=0; continue; }
  wait_for 60 sh -c "[ ! -d '$d' ]" || { gone=0; echo "still there: $d"; cat "$d/cgroup.procs"; }
done
kv cgroups_gone $gone
kv pod_cgroups_left "$(find $cg/kubepods -maxdepth 3 -type d -name 'pod*' | wc -l)"
kv total_seconds "$(since "$t0")"
finish done 0
