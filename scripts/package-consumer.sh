#!/usr/bin/env bash
# The consumer side of test-package.sh, run in the temporary project with the
# packed tarballs installed, MONGODB_URI set and no Rust or Go on PATH.
#
#   scripts/package-consumer.sh <project dir> <target, e.g. linux-x64-gnu> <locally built .node>
set -euo pipefail
project="$1" target="$2" built_binary="$3"
cd "$project"

for tool in cargo rustc go; do
  if command -v "$tool" >/dev/null; then
    echo "package-consumer: $tool is on PATH, the test would not prove a Rust-free install" >&2
    exit 1
  fi
done

tsc=./node_modules/.bin/tsc

# One compatibility-matrix cell: the smoke test through import, and the
# consumer's types against this apache-arrow / mongodb pair.
cell() {
  node esm.mjs
  "$tsc" -p tsconfig.json
  echo "package-consumer: types ok"
}

echo "package-consumer: import, require and types (mongodb 7, apache-arrow 21)"
node cjs.cjs
cell

# Users who type-check libraries too (skipLibCheck false) and have no
# nodejs-polars, an optional peer the project does not install: the package's
# declarations must compile, DataFrame being `any` (lib/api/polars-types.ts).
echo "package-consumer: types with skipLibCheck false, without nodejs-polars"
if [ -e node_modules/nodejs-polars ]; then
  echo "package-consumer: nodejs-polars is installed, the check would not prove its absence is fine" >&2
  exit 1
fi
"$tsc" -p tsconfig.libcheck.json

# No binary for this platform: move the platform package away, as a platform
# without a prebuilt one would have it.
echo "package-consumer: without the binary package"
mv "node_modules/mongodb-arrow-$target" ../binary-aside
node missing-binding.mjs "mongodb-arrow-$target"
# What the error (and the README) advise: a binary built from source, named by
# NAPI_RS_NATIVE_LIBRARY_PATH.
NAPI_RS_NATIVE_LIBRARY_PATH="$built_binary" node esm.mjs
mv ../binary-aside "node_modules/mongodb-arrow-$target"

# The compatibility matrix of the peer dependencies, switching versions in the
# same project: every apache-arrow major with the mongodb 7 driver, then the
# mongodb 6 driver (latest minor) with the oldest and newest apache-arrow.
install() { npm install --no-audit --no-fund --loglevel=error "$@"; }
for major in 17 18 19 20; do
  echo "package-consumer: apache-arrow@$major"
  install "apache-arrow@$major"
  cell
done
echo "package-consumer: mongodb@6, apache-arrow@17"
install mongodb@6 apache-arrow@17
cell
echo "package-consumer: mongodb@6, apache-arrow@21"
install apache-arrow@21
cell
echo "package-consumer: all passed"
