#!/usr/bin/env bash
# Brings up a single-node kubun cluster on the embedded store, installing what it needs
# first: npm dependencies, then a build of dist/kubun. State goes to .kubun/ in the
# checkout and the admin kubeconfig to .kubun/kubeconfig.yaml. Ctrl-C stops it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/setup.sh
export PATH="$root/node_modules/.bin:$PATH"
[ -x dist/kubun ] && [ -z "$(find src scripts package-lock.json -newer dist/kubun -print -quit)" ] || bun scripts/build.ts
exec dist/kubun server --data-dir "$root/.kubun" --write-kubeconfig "$root/.kubun/kubeconfig.yaml" "$@"
