#!/usr/bin/env bash
# Installs actionlint (the GitHub Actions workflow linter) once, into a cache
# outside the repository, and prints its path as the last line of stdout.
# Built from source with `go install`, so the only prerequisite is Go.
#
#   MONGODB_ARROW_CACHE  cache root (default: ${XDG_CACHE_HOME:-$HOME/.cache}/mongodb-arrow)
set -euo pipefail

ACTIONLINT_VERSION=v1.7.12

cache_root="${MONGODB_ARROW_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mongodb-arrow}"
out_dir="$cache_root/actionlint-$ACTIONLINT_VERSION"
exe=""
case "$(uname -s)" in MINGW* | MSYS* | CYGWIN*) exe=".exe" ;; esac
bin="$out_dir/actionlint$exe"

if [ -x "$bin" ]; then
  echo "$bin"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  echo "install-actionlint: 'go' is not on PATH; install Go 1.24 or newer (https://go.dev/dl/)" >&2
  exit 1
fi

mkdir -p "$out_dir"
# Install into a scratch GOBIN and rename, so a concurrent or interrupted run
# never leaves a half-written binary at the cached path.
work="$(mktemp -d "$out_dir/install.XXXXXX")"
trap 'rm -rf "$work"' EXIT

echo "install-actionlint: installing actionlint $ACTIONLINT_VERSION into $out_dir" >&2
# GOFLAGS is cleared so a user's -mod=vendor or similar cannot interfere.
GOFLAGS='' GOBIN="$work" go install "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"
"$work/actionlint$exe" --version >/dev/null
mv -f "$work/actionlint$exe" "$bin"
echo "$bin"
