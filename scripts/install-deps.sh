#!/usr/bin/env bash
# Installs the npm dependencies when they are missing or older than the
# manifest. `npm install`, not `npm ci`: npm 11 writes lockfiles without the
# other platforms' optional binaries (biome, napi-rs tools), and `npm ci`
# then refuses the lockfile as out of sync.
set -euo pipefail
cd "$(dirname "$0")/.."

stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
  echo "install-deps: installing npm dependencies"
  npm install --no-audit --no-fund
fi
