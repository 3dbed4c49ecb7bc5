#!/usr/bin/env bash
# `npm run bench [-- --quick]`: builds the project, makes the PyMongoArrow
# virtual environment (bench/.venv, PyPI only), then runs bench/run.ts against
# a throw-away FerretDB (or the server in MONGODB_URI). Every option is passed on
# to bench/run.ts; `npm run bench -- --help` lists them.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

venv=bench/.venv
status="$venv/install-status.txt"
# PyMongoArrow is a contender, not a requirement: when it cannot be installed
# the reason is recorded and its cells are reported as unavailable.
if ! "$venv/bin/python" -c 'import pymongoarrow' >/dev/null 2>&1; then
  echo "bench: creating $venv with pymongoarrow from PyPI" >&2
  mkdir -p "$venv"
  if python3 -m venv "$venv" >"$venv/create.log" 2>&1 &&
    "$venv/bin/pip" install --quiet --disable-pip-version-check pymongoarrow >"$venv/pip.log" 2>&1; then
    echo "installed" >"$status"
  else
    {
      echo "pip install pymongoarrow failed:"
      tail -n 5 "$venv/pip.log" 2>/dev/null || cat "$venv/create.log"
    } >"$status"
    echo "bench: $(cat "$status")" >&2
  fi
  rm -f "$venv/create.log"
fi

exec bash scripts/with-test-server.sh node --import tsx bench/run.ts "$@"
