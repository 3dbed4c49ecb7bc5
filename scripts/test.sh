#!/usr/bin/env bash
# The project's test command (`npm test`): set-up, the Rust tests, then the JS
# tests against a real MongoDB-wire server (FerretDB unless MONGODB_URI is set).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
echo "test: cargo test"
cargo test --workspace
echo "test: JS tests"
bash scripts/with-test-server.sh node --import tsx --test --test-reporter=spec __test__/*.test.ts
