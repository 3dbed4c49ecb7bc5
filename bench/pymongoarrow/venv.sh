#!/usr/bin/env bash
# Makes bench/.venv with pymongoarrow from PyPI (once; later runs reuse it) and
# records the outcome in bench/.venv/install-status.txt: "installed", or why
# not. Exits 0 either way: for the benchmark PyMongoArrow is a contender, not a
# requirement (`--require` makes a failed install an error, for the comparison).
set -euo pipefail
cd "$(dirname "$0")/../.."

venv=bench/.venv
status="$venv/install-status.txt"
if ! "$venv/bin/python" -c 'import pymongoarrow' >/dev/null 2>&1; then
  echo "pymongoarrow: creating $venv with pymongoarrow from PyPI" >&2
  mkdir -p "$venv"
  if python3 -m venv "$venv" >"$venv/create.log" 2>&1 &&
    "$venv/bin/pip" install --quiet --disable-pip-version-check pymongoarrow >"$venv/pip.log" 2>&1; then
    echo "installed" >"$status"
  else
    {
      echo "pip install pymongoarrow failed:"
      tail -n 5 "$venv/pip.log" 2>/dev/null || cat "$venv/create.log"
    } >"$status"
    echo "pymongoarrow: $(cat "$status")" >&2
  fi
  rm -f "$venv/create.log"
fi
if [ "${1:-}" = "--require" ] && [ "$(cat "$status" 2>/dev/null)" != "installed" ]; then
  "$venv/bin/python" -c 'import pymongoarrow' >/dev/null 2>&1 || exit 1
fi
exit 0
