#!/usr/bin/env bash
# npm's install step: compiles the probe engine's socket layer (native/, binding.gyp) with node-gyp. When python3,
# make or g++ are missing it installs them with apt-get (as root), and it builds against the headers that come with
# the Node.js running it, so node-gyp downloads nothing (the machine may have no internet). docs/dependencies.md.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
for tool in python3 make g++; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "peertrace: the probe engine's socket layer needs ${missing[*]} to build: install them (as root, apt-get install python3 make g++)" >&2
    exit 1
  fi
  echo "peertrace: installing ${missing[*]} with apt-get, to build the probe engine's socket layer" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

args=()
prefix="$(node -p 'require("node:path").resolve(process.execPath, "..", "..")')"
if [ -z "${npm_config_nodedir:-}" ] && [ -f "$prefix/include/node/node_api.h" ]; then
  args+=("--nodedir=$prefix")
fi
exec node-gyp rebuild "${args[@]}"
