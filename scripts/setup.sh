#!/usr/bin/env bash
# Brings a clone to a runnable state: npm dependencies, the native addon and
# the compiled TypeScript. Cheap to re-run: each step skips work already done.
# `--native`: stop after the addon, for callers that run lib/ through tsx and
# never load dist/ (the main bench; compiling dist/ takes ~30 s on 2 cores).
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

# Skipped when the addon is newer than every Rust source and manifest (make's
# rule). Not only to save time: `napi build` forces a rebuild on the first run
# in a fresh target dir through an env var the next run no longer sets, so a
# second unconditional build (test:package after npm test) would re-link the
# whole release binary (~2.5 min of fat LTO) for nothing. A debug build
# (`npm run build:debug`) counts as current too; `npm run build:native`
# replaces it.
addon_is_current() {
  local addon
  addon="$(ls -t mongodb-arrow.*.node 2>/dev/null | head -n 1)"
  [ -n "$addon" ] || return 1
  [ -z "$(find src crates build.rs Cargo.toml Cargo.lock package.json \
    \( -name target -o -name fuzz \) -prune -o -type f -newer "$addon" -print -quit)" ]
}
if addon_is_current; then
  echo "setup: the native addon is up to date"
else
  echo "setup: building the native addon (release)"
  npx napi build --platform --release
fi
[ "${1:-}" = "--native" ] && exit 0
# The same rule for dist/ (~30 s of tsc on 2 cores, again in test:package after
# npm test), against a stamp written once a build has gone through (outside
# dist/, which is packed). A file deleted from lib/ leaves its old output
# until `npm run build:ts`, which starts from an empty dist/.
dist_stamp=node_modules/.cache/mongodb-arrow/dist-built
dist_is_current() {
  [ -d dist ] && [ -f "$dist_stamp" ] || return 1
  [ -z "$(find lib index.d.ts index.js package.json tsconfig.json tsconfig.build.json \
    tsconfig.esm.json scripts/package-esm-build.sh -type f -newer "$dist_stamp" -print -quit)" ]
}
if dist_is_current; then
  echo "setup: dist/ is up to date"
else
  echo "setup: compiling TypeScript"
  rm -f "$dist_stamp"
  npm run --silent build:ts
  mkdir -p "$(dirname "$dist_stamp")" && touch "$dist_stamp"
fi
