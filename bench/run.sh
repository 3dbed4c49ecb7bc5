#!/usr/bin/env bash
# `npm run bench [-- --quick]`: builds the project, makes the PyMongoArrow
# virtual environment (bench/.venv, PyPI only), then runs bench/run.ts against
# a throw-away FerretDB (or the server in MONGODB_URI). Every option is passed on
# to bench/run.ts; `npm run bench -- --help` lists them.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

# PyMongoArrow is a contender, not a requirement: when it cannot be installed
# the reason is recorded and its cells are reported as unavailable.
bash bench/pymongoarrow/venv.sh

exec bash scripts/with-test-server.sh node --import tsx bench/run.ts "$@"
