#!/usr/bin/env bash
# `npm run demo`: set-up, then load sample data into a fresh FerretDB (or the
# server in MONGODB_URI) and time aggregateArrow beside the plain driver.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
bash scripts/with-test-server.sh node --import tsx examples/demo.ts "$@"
