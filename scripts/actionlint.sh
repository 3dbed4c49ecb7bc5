#!/usr/bin/env bash
# Lints the GitHub Actions workflows with a pinned actionlint (installed on
# first use by install-actionlint.sh). actionlint also runs shellcheck on `run:`
# blocks when shellcheck is on PATH, and skips that check otherwise.
# Extra arguments are passed to actionlint.
set -euo pipefail
cd "$(dirname "$0")/.."

bin="$(bash scripts/install-actionlint.sh | tail -n 1)"
shopt -s nullglob
workflows=(.github/workflows/*.yml .github/workflows/*.yaml)
if [ ${#workflows[@]} -eq 0 ]; then
  echo "actionlint: no workflows under .github/workflows" >&2
  exit 0
fi
"$bin" "$@" "${workflows[@]}"
