#!/usr/bin/env bash
# Brings a clone to a runnable state: npm dependencies, the native addon and
# the compiled TypeScript. Cheap to re-run: each step skips work already done.
set -euo pipefail
cd "$(dirname "$0")/.."

need() {
  command -v "$1" >/dev/null 2>&1 || {
    echo "setup: '$1' is required but not on PATH ($2)" >&2
    exit 1
  }
}
need node "Node.js 20 or newer"
need npm "comes with Node.js"
need cargo "Rust stable, e.g. from rustup"
# Go builds the FerretDB test server, which is not needed against your own server.
if [ -z "${MONGODB_URI:-}" ]; then
  need go "Go 1.24 or newer, to build the FerretDB test server (or set MONGODB_URI)"
fi

bash scripts/install-deps.sh

echo "setup: building the native addon (release)"
npx napi build --platform --release
echo "setup: compiling TypeScript"
npm run --silent build:ts
