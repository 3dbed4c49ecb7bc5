#!/usr/bin/env bash
# Makes a Python venv with pyarrow from PyPI under the cache dir (once; later
# runs reuse it), the independent reader the Parquet export test checks its
# files with. Prints the venv's python on stdout and exits 0 when it is
# usable; otherwise prints why not on stderr and exits 1, so the test can skip
# with that reason (no network to PyPI, no python3 -m venv).
#   MONGODB_ARROW_CACHE  cache root (default: ${XDG_CACHE_HOME:-$HOME/.cache}/mongodb-arrow)
set -euo pipefail

cache_root="${MONGODB_ARROW_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mongodb-arrow}"
venv="$cache_root/pyarrow-venv"
python="$venv/bin/python"
if ! "$python" -c 'import pyarrow.parquet' >/dev/null 2>&1; then
  command -v python3 >/dev/null 2>&1 || {
    echo "python3 is not on PATH" >&2
    exit 1
  }
  mkdir -p "$cache_root"
  rm -rf "$venv"
  if ! python3 -m venv "$venv" >"$cache_root/pyarrow-venv.log" 2>&1; then
    echo "python3 -m venv failed: $(tail -n 1 "$cache_root/pyarrow-venv.log")" >&2
    exit 1
  fi
  # A bounded wait: an unreachable index should skip the test, not hang it.
  if ! "$venv/bin/pip" install --quiet --disable-pip-version-check --timeout 20 --retries 1 pyarrow \
    >"$cache_root/pyarrow-venv.log" 2>&1; then
    echo "pip install pyarrow failed: $(tail -n 1 "$cache_root/pyarrow-venv.log")" >&2
    rm -rf "$venv"
    exit 1
  fi
fi
echo "$python"
