# Guest script (busybox sh, root) for test/vm/kubelet-limits.test.ts: runs the kubelet
# program with the compiled binary acting as Bun, from the repository shared at /opt/repo.
export BUN_BE_BUN=1
cd /opt/repo || exit 3
kubun test/vm/guest/kubelet-node.ts
