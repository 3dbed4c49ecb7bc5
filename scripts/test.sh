#!/usr/bin/env bash
# The project's test command (`npm test`): set-up, the Rust tests, then the JS
# tests against a real MongoDB-wire server (FerretDB unless MONGODB_URI is set).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
echo "test: cargo test"
cargo test --workspace
echo "test: JS tests"
# The fault scenarios (__test__/faults-*.test.ts, server-killed, abort) record their
# measurements here; the table is printed after the run (npm run test:faults runs them alone).
rows="$(mktemp "${TMPDIR:-/tmp}/mongodb-arrow-faults.XXXXXX")"
trap 'rm -f "$rows"' EXIT
export FAULTS_REPORT="$rows"
bash scripts/with-test-server.sh node --import tsx --test --test-reporter=spec __test__/*.test.ts
node --import tsx __test__/helpers/fault-table.ts "$rows"
