#!/usr/bin/env bash
# The whole test suite, as CI runs it: set-up, type check, build of dist/kubun, the real
# kubectl/helm, then every tier (unit, integration, e2e, vm) in one bun test run.
# Ends with the line "N passed, N failed".
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

bash scripts/setup.sh --test-deps
export PATH="$root/node_modules/.bin:$PATH"

echo "== type check"
tsc --noEmit -p .

echo "== build dist/kubun"
bun scripts/build.ts

echo "== kubectl and helm"
bash scripts/tools.sh -v

echo "== VM image (kernel and initramfs for test/vm)"
bash scripts/vm/prepare.sh

echo "== tests"
log=$(mktemp)
set +e
bun test --timeout 120000 test/ "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
pass=$(grep -Eo '^ *[0-9]+ pass$' "$log" | tail -1 | grep -Eo '[0-9]+' || echo 0)
fail=$(grep -Eo '^ *[0-9]+ fail$' "$log" | tail -1 | grep -Eo '[0-9]+' || echo 0)
rm -f "$log"
if [ "$rc" -ne 0 ] && [ "$fail" = 0 ]; then fail=1; fi
echo "${pass} passed, ${fail} failed"
exit "$rc"
