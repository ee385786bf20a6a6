#!/usr/bin/env bash
# Installs Node VERSION from the npm registry (the `node-<platform>-<arch>` package that the `node`
# package itself installs: the official binary, no install script) into a cache folder kept
# between runs, and prints the folder holding its `node` binary.
#   bash tooling/node-versions/install-node.sh 24.22.3
set -euo pipefail
version="$1"
platform="$(node -p 'process.platform')-$(node -p 'process.arch')"
cache="${YG_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/yg-jobs/node}"
prefix="$cache/$version-$platform"
bin="$prefix/node_modules/node-$platform/bin"
if [ ! -x "$bin/node" ] || [ "$("$bin/node" --version)" != "v$version" ]; then
  echo "[node-versions] installing node $version ($platform)" >&2
  rm -rf "$prefix"
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-save --no-package-lock --no-audit --no-fund --ignore-scripts \
    "node-$platform@$version" >&2
fi
echo "$bin"
