#!/bin/sh
# /init of the kubun test VM (busybox sh). Brings up a minimal cgroup v2 node, mounts
# the host's 9p folders, runs
# /vm/guest.sh with its stdout and stderr on the second serial port (ttyS1), then writes
#   @@KUBUN-VM-EXIT <code>
# there and powers off. Kernel messages stay on ttyS0. Contract with scripts/vm/run.sh.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root TMPDIR=/tmp TERM=dumb NO_COLOR=1

fail() {
  echo "vm-init: $*" >/dev/ttyS0
  echo "@@KUBUN-VM-EXIT 125" >/dev/ttyS1
  poweroff -f
}

mount -t proc -o nosuid,nodev,noexec proc /proc || fail "mount proc"
mount -t sysfs -o nosuid,nodev,noexec sysfs /sys || fail "mount sysfs"
mount -t devtmpfs -o nosuid devtmpfs /dev || fail "mount devtmpfs"
mkdir -p /dev/pts /dev/shm
mount -t devpts -o nosuid,noexec,gid=5,mode=620,ptmxmode=666 devpts /dev/pts
mount -t tmpfs -o nosuid,nodev tmpfs /dev/shm
[ -e /dev/ptmx ] || ln -s pts/ptmx /dev/ptmx
mount -t tmpfs -o nosuid,nodev,mode=1777 tmpfs /tmp || fail "mount /tmp"
mount -t tmpfs -o nosuid,nodev,mode=755 tmpfs /run || fail "mount /run"
mount -t cgroup2 -o nsdelegate cgroup2 /sys/fs/cgroup || fail "mount cgroup2"
for c in $(cat /sys/fs/cgroup/cgroup.controllers); do
  echo "+$c" >/sys/fs/cgroup/cgroup.subtree_control || fail "enable controller $c"
done

stty -F /dev/ttyS1 raw -echo 2>/dev/null

# Modules listed in dependency order by prepare.sh.
if [ -f /lib/modules/load.list ]; then
  while read -r ko; do insmod "/lib/modules/$ko" || fail "insmod $ko"; done </lib/modules/load.list
fi

# 9p folders from the host (run.sh): "tag guest-dir ro|rw" per line. Read-only ones may
# be cached by the guest; the writable one (/vm/out) is written through.
if [ -f /vm/mounts ]; then
  while read -r tag dir mode; do
    [ -n "$tag" ] || continue
    opts=trans=virtio,version=9p2000.L,msize=524288
    if [ "$mode" = ro ]; then opts=$opts,ro,cache=loose; fi
    mkdir -p "$dir"
    mount -t 9p -o "$opts" "$tag" "$dir" || fail "mount 9p $tag at $dir"
  done </vm/mounts
fi

hostname kubun-vm
ip link set lo up || fail "bring up lo"
# A node address on a dummy interface (no network leaves the VM): the kubelet reports it
# as the node's InternalIP and the default route goes nowhere.
/usr/bin/ip link add eth0 type dummy &&
  /usr/bin/ip addr add 10.0.2.15/24 dev eth0 &&
  /usr/bin/ip link set eth0 up &&
  /usr/bin/ip route add default via 10.0.2.2 dev eth0 || fail "set up eth0"

mkdir -p /var/lib/kubun /root
cd /root
sh /vm/guest.sh </dev/null >/dev/ttyS1 2>&1
rc=$?
sync
umount /vm/out 2>/dev/null
echo "@@KUBUN-VM-EXIT $rc" >/dev/ttyS1
poweroff -f
