#!/usr/bin/env bash
# Installs everything kubun needs to build and test on a machine with only Node.js and npm:
# the npm dependencies (Bun itself comes from npm), and, when running as root, the Debian
# packages the test tiers use. Safe to run repeatedly; does nothing that is already done.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

stamp=node_modules/.kubun-lock-hash
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -x node_modules/.bin/bun ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "setup: installing npm dependencies" >&2
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi

# Debian packages for the test tiers: etcd (storage backend tests), busybox-static (test
# images), docker-registry (image pull tests), openssl (client-cert tests), unzip
# (kubectl/helm extraction), util-linux/iproute2 (namespaces, pod network), and qemu with
# cpio/xz for the VM tier (scripts/vm/prepare.sh then fetches the guest kernel).
if [ "${1:-}" = "--test-deps" ]; then
  pkgs=(etcd-server etcd-client busybox-static docker-registry openssl unzip util-linux mount coreutils iproute2 qemu-system-x86 cpio xz-utils)
  missing=()
  for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
      echo "setup: missing Debian packages ${missing[*]}; run as root or install them" >&2
      exit 1
    fi
    echo "setup: installing ${missing[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    # The etcd and registry packages start system services on default ports; tests run their own.
    if command -v systemctl >/dev/null 2>&1; then systemctl disable --now etcd docker-registry >/dev/null 2>&1 || true; fi
  fi
fi
