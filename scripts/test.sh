#!/usr/bin/env bash
# The project's test command (`npm test`): set-up, the Rust tests, then the JS
# tests against a real MongoDB-wire server (FerretDB unless MONGODB_URI is set).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
echo "test: cargo test"
cargo test --workspace
bash scripts/ensure-tmux.sh
echo "test: JS tests"
# The fault scenarios run apart, by their own runner (two files at a time: they mostly
# wait on servers), which prints the Reliability table.
js_tests=()
for file in __test__/*.test.ts; do
  case "$file" in
  __test__/faults-*.test.ts | __test__/server-killed.test.ts | __test__/abort.test.ts) ;;
  *) js_tests+=("$file") ;;
  esac
done
bash scripts/with-test-server.sh node --import tsx --test --test-reporter=spec "${js_tests[@]}"
echo "test: fault injection"
bash scripts/test-faults.sh
