#!/usr/bin/env bash
# `npm run compare:pymongoarrow`: reads every collection of
# bench/pymongoarrow/compare-data.ts with the plain driver, our findArrow (the
# build in dist/: run `npm run build` first to compare the current sources) and
# PyMongoArrow, and writes bench/results/pymongoarrow-compare.md. Starts a
# throw-away FerretDB (scripts/with-test-server.sh; or the server in MONGODB_URI)
# and a fast server (scripts/fast-server.sh) for the types FerretDB v1 lacks.
set -euo pipefail
cd "$(dirname "$0")/../.."

[ -f dist/esm/index.js ] || {
  echo "compare: dist/esm is missing; run 'npm run build' first" >&2
  exit 1
}
bash bench/pymongoarrow/venv.sh --require || {
  echo "compare: PyMongoArrow could not be installed: $(cat bench/.venv/install-status.txt 2>/dev/null)" >&2
  exit 1
}

fast_state="$(mktemp -d "${TMPDIR:-/tmp}/mongodb-arrow-compare.XXXXXX")"
export MONGODB_ARROW_FAST_SERVER_STATE="$fast_state/state"
trap 'bash scripts/fast-server.sh stop; rm -rf "$fast_state"' EXIT
MONGODB_ARROW_FAST_URI="$(bash scripts/fast-server.sh start | tail -n 1)"
export MONGODB_ARROW_FAST_URI

bash scripts/with-test-server.sh node --import tsx bench/pymongoarrow/compare.ts "$@"
