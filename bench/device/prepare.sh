#!/bin/bash
# Assembles dist/devbench for a run on the lent device machine, which has no Bun, no wrk
# and no network: the compiled kubun (xz, ~40 MB), this host's wrk with the shared
# libraries it loads (run through their own loader, so the device's libc does not matter),
# the wrk scripts and apiserver-front.sh. Then, with the device tool:
#   run: bash dist/devbench/apiserver-front.sh   carry: ["dist/devbench"]
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -x dist/kubun ] || { echo "build dist/kubun first (bun scripts/build.ts)" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 1; }
out=dist/devbench
rm -rf "$out" && mkdir -p "$out/lib"
cp "$(command -v wrk)" "$out/"
for lib in $(ldd "$(command -v wrk)" | awk '/=>/ {print $3} /ld-linux/ {print $1}'); do cp -L "$lib" "$out/lib/"; done
cp bench/device/*.lua bench/device/apiserver-front.sh "$out/"
xz -T0 -6 -c dist/kubun > "$out/kubun.xz"
du -sh "$out"
