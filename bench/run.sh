#!/usr/bin/env bash
# `npm run bench [-- --quick]`: builds the project, makes the PyMongoArrow
# virtual environment (bench/.venv, PyPI only), then runs bench/run.ts against
# the fast server (scripts/fast-server.sh: mongo-java-server in memory), or
# against the server in MONGODB_URI when it is set (a real mongod). Every
# option is passed on to bench/run.ts; `npm run bench -- --help` lists them.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh --native

# PyMongoArrow is a contender, not a requirement: when it cannot be installed
# the reason is recorded and its cells are reported as unavailable.
bash bench/pymongoarrow/venv.sh

if [ -n "${MONGODB_URI:-}" ]; then
  exec node --import tsx bench/run.ts "$@"
fi

# A private fast server, with its own state file, so that its pid is known:
# the bench reads the server's CPU time around each load (/proc/<pid>/stat).
state_dir="$(mktemp -d "${TMPDIR:-/tmp}/mongodb-arrow-bench.XXXXXX")"
export MONGODB_ARROW_FAST_SERVER_STATE="$state_dir/state"
trap 'bash scripts/fast-server.sh stop; rm -rf "$state_dir"' EXIT
MONGODB_URI="$(bash scripts/fast-server.sh start | tail -n 1)"
MONGODB_ARROW_BENCH_SERVER_PID="$(sed -n 's/^pid=//p' "$MONGODB_ARROW_FAST_SERVER_STATE")"
MONGODB_ARROW_BENCH_SERVER="mongo-java-server 1.47.0, memory backend (scripts/fast-server.sh)"
export MONGODB_URI MONGODB_ARROW_BENCH_SERVER_PID MONGODB_ARROW_BENCH_SERVER
node --import tsx bench/run.ts "$@"
