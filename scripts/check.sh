#!/usr/bin/env bash
# Every static check, as CI runs them (`npm run check`).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
echo "check: cargo fmt"
cargo fmt --all --check
echo "check: cargo clippy"
cargo clippy --workspace --all-targets -- -D warnings
echo "check: biome (lint + format)"
npx biome ci .
echo "check: tsc"
npx tsc --noEmit -p .
echo "check: lib/ layers"
node scripts/lib-layers.mjs
echo "check: actionlint"
bash scripts/actionlint.sh
echo "check: all passed"
