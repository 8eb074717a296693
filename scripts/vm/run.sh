#!/usr/bin/env bash
# Boots the test VM (scripts/vm/prepare.sh) with a guest script and returns its result.
#
#   scripts/vm/run.sh [--timeout SEC] [--mem MB] [--cpus N] [--out DIR] [--no-kubun]
#                     [--file HOST:GUEST]... [--share HOSTDIR:GUESTDIR]... SCRIPT
#
# The guest runs SCRIPT with busybox sh as root, cwd /root, on a fresh node: cgroup2 at
# /sys/fs/cgroup with every controller enabled for children, tmpfs /tmp and /run, lo up,
# eth0 = 10.0.2.15/24 on a dummy link (nothing leaves the VM), the overlay/veth/bridge/
# dummy/9p modules loaded, and
#   - dist/kubun as /usr/local/bin/kubun (its folder shared read-only over 9p at
#     /opt/kubun; --no-kubun leaves it out),
#   - each --file copied into the initramfs at GUEST (in memory, writable; not under
#     /tmp, /run, /dev, /proc or /sys, which are mounted over),
#   - each --share folder mounted read-only over 9p at GUESTDIR (for big files),
#   - /vm/out: a writable 9p folder that is DIR/files on the host afterwards.
#
# busybox sh runs its own applets before searching PATH: call util-linux and iproute2
# tools by path in guest scripts (/usr/bin/unshare, /usr/bin/ip). Programs that search
# PATH themselves (Bun.which) find the util-linux ones in /usr/bin first.
#
# Writes DIR/output.log (the script's stdout and stderr, then "@@KUBUN-VM-EXIT <code>"),
# DIR/console.log (kernel console), DIR/seconds (wall time), prints the script's output
# on stdout and exits with the script's exit code; 124 when the VM ran past --timeout,
# 125 when the VM gave no result (harness error, kernel panic). DIR defaults to a new
# temporary folder. KUBUN_VM_APPEND adds kernel parameters.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)

timeout=300 mem=2048 cpus=2 out="" kubun=1
files=() shares=()
while [ $# -gt 0 ]; do
  case "$1" in
    --timeout) timeout=$2; shift 2 ;;
    --mem) mem=$2; shift 2 ;;
    --cpus) cpus=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --no-kubun) kubun=0; shift ;;
    --file) files+=("$2"); shift 2 ;;
    --share) shares+=("$2"); shift 2 ;;
    -h|--help) sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "vm/run: unknown flag $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
[ $# -eq 1 ] || { echo "vm/run: expected one guest script (see --help)" >&2; exit 2; }
script=$1
[ -f "$script" ] || { echo "vm/run: no such script $script" >&2; exit 2; }

cache=$(bash "$root/scripts/vm/prepare.sh" | tail -1)
[ -f "$cache/base.cpio" ] && [ -f "$cache/vmlinux" ] || { echo "vm/run: prepare left no base.cpio/vmlinux in $cache" >&2; exit 125; }
command -v qemu-system-x86_64 >/dev/null || { echo "vm/run: qemu-system-x86_64 missing" >&2; exit 125; }

if [ -z "$out" ]; then out=$(mktemp -d /tmp/kubun-vm.XXXXXX); fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -rf "$out/files"
mkdir -p "$out/files"

check_guest() {
  case "$1" in
    /*) ;;
    *) echo "vm/run: guest path must be absolute: $1" >&2; exit 2 ;;
  esac
  case "$1/" in
    /tmp/*|/run/*|/dev/*|/proc/*|/sys/*|/vm/*) echo "vm/run: $1 would be hidden by a mount; choose another path" >&2; exit 2 ;;
  esac
}

# 9p shares: tag, host folder, guest folder, mode. init.sh mounts them from /vm/mounts.
virtfs=()
mounts=""
add_share() { # tag host guest ro|rw
  local ro=""
  [ "$4" = ro ] && ro=",readonly=on"
  virtfs+=(-virtfs "local,path=$2,mount_tag=$1,security_model=none$ro")
  mounts+="$1 $3 $4"$'\n'
}
add_share vmout "$out/files" /vm/out rw
if [ "$kubun" = 1 ]; then
  bin="$root/dist/kubun"
  [ -x "$bin" ] || { echo "vm/run: $bin missing; build it with: bun scripts/build.ts" >&2; exit 125; }
  add_share kubun "$root/dist" /opt/kubun ro
fi
i=0
for spec in "${shares[@]}"; do
  host=${spec%%:*}
  guest=${spec#*:}
  [ "$host" != "$spec" ] && [ -n "$guest" ] || { echo "vm/run: --share wants HOSTDIR:GUESTDIR, got $spec" >&2; exit 2; }
  check_guest "$guest"
  [ -d "$host" ] || { echo "vm/run: no such folder $host" >&2; exit 2; }
  add_share "share$i" "$(cd "$host" && pwd)" "$guest" ro
  i=$((i + 1))
done

# This run's script, mounts and files, as a second archive after the base one.
st=$(mktemp -d)
trap 'rm -rf "$st"' EXIT
mkdir -p "$st/vm"
cp "$script" "$st/vm/guest.sh"
printf '%s' "$mounts" >"$st/vm/mounts"
if [ "$kubun" = 1 ]; then
  mkdir -p "$st/usr/local/bin"
  ln -s /opt/kubun/kubun "$st/usr/local/bin/kubun"
fi
for spec in "${files[@]}"; do
  host=${spec%%:*}
  guest=${spec#*:}
  [ "$host" != "$spec" ] && [ -n "$guest" ] || { echo "vm/run: --file wants HOST:GUEST, got $spec" >&2; exit 2; }
  check_guest "$guest"
  [ -e "$host" ] || { echo "vm/run: no such file $host" >&2; exit 2; }
  mkdir -p "$st$(dirname "$guest")"
  cp -a "$host" "$st$guest"
done
# Concatenated newc archives (each padded to 512 bytes by cpio) form one initramfs.
{
  cat "$cache/base.cpio"
  (cd "$st" && find . -mindepth 1 | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0)
} >"$out/initrd.img"
: >"$out/output.log"
: >"$out/console.log"

start=$(date +%s.%N)
set +e
timeout -k 5 "$timeout" qemu-system-x86_64 \
  -accel tcg -cpu max -smp "$cpus" -m "$mem" \
  -nodefaults -no-user-config -display none -no-reboot \
  -kernel "$cache/vmlinux" -initrd "$out/initrd.img" \
  -append "console=ttyS0 quiet panic=-1 mitigations=off cryptomgr.notests ${KUBUN_VM_APPEND:-}" \
  -serial "file:$out/console.log" -serial "file:$out/output.log" \
  "${virtfs[@]}" -monitor none </dev/null >"$out/qemu.log" 2>&1
qrc=$?
set -e
end=$(date +%s.%N)
rm -f "$out/initrd.img"
secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
echo "$secs" >"$out/seconds"

tr -d '\r' <"$out/output.log" | grep -av '^@@KUBUN-VM-EXIT ' || true
marker=$(tr -d '\r' <"$out/output.log" | grep -a '^@@KUBUN-VM-EXIT ' | tail -1 | awk '{ print $2 }')
if [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then
  echo "vm/run: timed out after ${timeout}s; console: $out/console.log" >&2
  exit 124
fi
if [ -z "$marker" ]; then
  echo "vm/run: the VM gave no result (qemu exit $qrc) after ${secs}s; console: $out/console.log" >&2
  tail -n 30 "$out/console.log" >&2 || true
  cat "$out/qemu.log" >&2 || true
  exit 125
fi
echo "vm/run: guest exit $marker after ${secs}s (output in $out)" >&2
exit "$marker"
