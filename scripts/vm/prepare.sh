#!/usr/bin/env bash
# Prepares the test VM (a real cgroup v2 node under qemu TCG), cached under .cache/vm/:
#   - Debian packages: qemu-system-x86, busybox-static, cpio, util-linux, mount,
#     coreutils, iproute2, xz-utils (installed with apt-get when missing; needs root)
#   - kernel/<release>/vmlinuz (and vmlinux, its ELF unpacked) and the few modules the node uses (overlay, veth, bridge),
#     from `apt-get download` of the kernel linux-image-amd64 depends on
#   - base.cpio: an uncompressed newc initramfs with busybox, the host tools the kubelet
#     drives (util-linux unshare/nsenter/mount, coreutils cp, iproute2 ip) with their
#     shared libraries and the dynamic loader, /etc basics, the modules and /init
#     (scripts/vm/init.sh).
# The kubun binary and each run's script and files are separate archives that
# scripts/vm/run.sh appends. Idempotent: does nothing when everything is current.
# Prints the cache directory on success. Set KUBUN_VM_KERNEL=linux-image-... to pin one.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/scripts/vm"
cache="$root/.cache/vm"
mkdir -p "$cache"

log() { echo "vm/prepare: $*" >&2; }
die() { log "$*"; exit 1; }

# --- Debian packages --------------------------------------------------------------
pkgs=(qemu-system-x86 busybox-static cpio util-linux mount coreutils iproute2 xz-utils)
missing=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" -eq 0 ] || die "missing Debian packages ${missing[*]}; run as root or install them"
  log "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 not found after install"

# --- kernel -------------------------------------------------------------------------
# The kernel is chosen once and kept: a cached one is used without asking apt again.
modules=(overlay veth bridge dummy virtio_pci 9pnet_virtio 9p)
current_kernel() { apt-cache depends linux-image-amd64 2>/dev/null | awk '!found && /Depends: linux-image-[0-9]/ { print $2; found = 1 }'; }
if [ -n "${KUBUN_VM_KERNEL:-}" ]; then
  kpkg=$KUBUN_VM_KERNEL
elif [ -f "$cache/kernel/current" ] && [ -f "$cache/kernel/$(cat "$cache/kernel/current")/vmlinuz" ]; then
  kpkg=$(cat "$cache/kernel/current")
else
  kpkg=$(current_kernel)
  [ -n "$kpkg" ] || { apt-get update -qq; kpkg=$(current_kernel); }
  [ -n "$kpkg" ] || die "cannot find the kernel package linux-image-amd64 depends on"
fi
kdir="$cache/kernel/$kpkg"
if [ ! -f "$kdir/vmlinuz" ] || [ ! -f "$kdir/modules/load.list" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  download() { (cd "$work" && apt-get download "$1" 2>&1 | grep -v '^W: Download is performed unsandboxed' >&2 || true); }
  log "fetching $kpkg"
  download "$kpkg"
  if ! ls "$work"/*.deb >/dev/null 2>&1 && [ -z "${KUBUN_VM_KERNEL:-}" ]; then
    # Stale package lists name a kernel the mirror no longer has: refresh and ask again.
    apt-get update -qq
    kpkg=$(current_kernel)
    [ -n "$kpkg" ] || die "cannot find the kernel package linux-image-amd64 depends on"
    kdir="$cache/kernel/$kpkg"
    log "fetching $kpkg"
    download "$kpkg"
  fi
  deb=$(ls "$work"/*.deb 2>/dev/null | head -n 1 || true)
  [ -n "$deb" ] || die "apt-get download $kpkg failed"
  dpkg -x "$deb" "$work/x"
  rm -rf "$kdir"
  mkdir -p "$kdir/modules"
  cp "$work"/x/boot/vmlinuz-* "$kdir/vmlinuz"
  mdir=$(echo "$work"/x/lib/modules/*)
  # Resolve dependencies from each module's .modinfo "depends=" (no kmod needed), and
  # list them so that every module follows the ones it needs.
  declare -A path=() done=()
  while IFS= read -r f; do
    n=$(basename "$f" .ko)
    path[${n//-/_}]=$f
  done < <(find "$mdir/kernel" -name '*.ko')
  order=()
  visit() {
    local n=${1//-/_} d
    [ -n "${done[$n]:-}" ] && return 0
    [ -n "${path[$n]:-}" ] || die "module $n not found in $kpkg"
    done[$n]=1
    for d in $(grep -a -o 'depends=[a-z0-9_,-]*' "${path[$n]}" | head -1 | cut -d= -f2 | tr , ' '); do visit "$d"; done
    order+=("$n")
  }
  for m in "${modules[@]}"; do visit "$m"; done
  : >"$kdir/modules/load.list"
  for n in "${order[@]}"; do
    cp "${path[$n]}" "$kdir/modules/$n.ko"
    echo "$n.ko" >>"$kdir/modules/load.list"
  done
  echo "$kpkg" >"$cache/kernel/current"
  rm -rf "$work"
  trap - EXIT
fi
# The uncompressed ELF kernel boots through its PVH entry point: qemu skips the
# firmware's real-mode path and TCG skips decompressing ~8 MB of xz (about 4 s).
if [ ! -f "$kdir/vmlinux" ]; then
  off=$(LC_ALL=C grep -m1 -obUaP '\xfd7zXZ\x00' "$kdir/vmlinuz" | cut -d: -f1)
  [ -n "$off" ] || die "no xz payload in $kdir/vmlinuz"
  # xz stops at the stream's end; tail then dies of SIGPIPE, which is expected
  (set +o pipefail; tail -c +$((off + 1)) "$kdir/vmlinuz" | xz -dc --single-stream >"$kdir/vmlinux.$$") || die "unpacking the kernel failed"
  [ "$(head -c 4 "$kdir/vmlinux.$$" | od -An -c | tr -d ' ')" = '177ELF' ] || die "unpacked kernel is not ELF"
  mv "$kdir/vmlinux.$$" "$kdir/vmlinux"
fi
ln -sfn "kernel/$kpkg/vmlinuz" "$cache/vmlinuz"
ln -sfn "kernel/$kpkg/vmlinux" "$cache/vmlinux"

# --- base initramfs -----------------------------------------------------------------
busybox=/bin/busybox
tools=(/usr/bin/unshare /usr/bin/nsenter /usr/bin/mount /usr/bin/umount /usr/bin/cp /usr/bin/ip)
for t in "$busybox" "${tools[@]}"; do [ -x "$t" ] || die "$t missing"; done
addons=$(find "$root/node_modules" -name '*.napi.glibc.node' 2>/dev/null || true)
stamp=$( {
  cat "$here/prepare.sh" "$here/init.sh"
  echo "$kpkg"
  cat "$kdir/modules/load.list"
  echo $addons
  dpkg-query -W -f '${Package} ${Version}\n' busybox-static util-linux mount coreutils iproute2 libc6
} | sha256sum | cut -d' ' -f1)
if [ -f "$cache/base.cpio" ] && [ "$(cat "$cache/base.stamp" 2>/dev/null)" = "$stamp" ]; then
  echo "$cache"
  exit 0
fi

log "building base initramfs"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cd "$stage"
# Merged /usr, as on Debian 12, so paths ldd prints exist as they are.
mkdir -p usr/bin usr/sbin usr/lib/x86_64-linux-gnu usr/lib64 usr/local/bin usr/local/sbin \
  proc sys dev tmp run root etc var/lib/kubun vm
ln -s usr/bin bin
ln -s usr/sbin sbin
ln -s usr/lib lib
ln -s usr/lib64 lib64
chmod 1777 tmp
mkdir -p usr/lib/modules
cp "$kdir/modules/"*.ko "$kdir/modules/load.list" usr/lib/modules/

cp "$busybox" usr/bin/busybox
for a in $("$busybox" --list-full); do
  case "$a" in bin/busybox) continue ;; esac
  d=$(dirname "$a")
  # usr/bin and bin are one folder here
  mkdir -p "$d"
  [ -e "$a" ] || [ -L "$a" ] || ln -s /usr/bin/busybox "$a"
done
for t in "${tools[@]}"; do
  rm -f ".$t"
  cp -L "$t" ".$t"
done
# Shared libraries of the tools, the loader, those of the kubun binary (libc,
# libpthread, libdl, libm; the binary itself is appended by run.sh) and of the native
# addons it embeds and loads from $TMPDIR (lmdb, msgpackr-extract: libstdc++, libgcc_s).
libs=$(for t in "${tools[@]}" /usr/bin/true $addons; do ldd "$t"; done | awk '$3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' | sort -u)
gnu=/lib/x86_64-linux-gnu
for l in $libs $gnu/libpthread.so.0 $gnu/libdl.so.2 $gnu/libm.so.6 $gnu/librt.so.1 $gnu/libstdc++.so.6 $gnu/libgcc_s.so.1; do
  [ -e "$l" ] || continue
  # /lib and /lib64 are links into usr/ here as on the host, so the path stays valid.
  mkdir -p "$(dirname ".$l")"
  [ -e ".$l" ] || cp -L "$l" ".$l"
done
[ -e usr/lib64/ld-linux-x86-64.so.2 ] || ln -s /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 usr/lib64/ld-linux-x86-64.so.2

cat >etc/passwd <<'EOF'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
EOF
cat >etc/group <<'EOF'
root:x:0:
tty:x:5:
nogroup:x:65534:
EOF
cat >etc/hosts <<'EOF'
127.0.0.1 localhost kubun-vm
::1 localhost ip6-localhost ip6-loopback
EOF
echo "hosts: files" >etc/nsswitch.conf
echo "kubun-vm" >etc/hostname
printf '/usr/lib/x86_64-linux-gnu\n' >etc/ld.so.conf
ldconfig -r "$stage" 2>/dev/null || true
ln -s /proc/self/mounts etc/mtab
cp "$here/init.sh" init
chmod 755 init

find . -mindepth 1 | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0 >"$cache/base.cpio.$$"
mv "$cache/base.cpio.$$" "$cache/base.cpio"
echo "$stamp" >"$cache/base.stamp"
log "base initramfs $(du -h "$cache/base.cpio" | cut -f1)"
echo "$cache"
