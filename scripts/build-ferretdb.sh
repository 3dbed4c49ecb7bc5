#!/usr/bin/env bash
# Builds the FerretDB test server once and caches the binary outside the
# repository; later runs reuse it. Prints the binary's path as the last line of
# stdout (everything else goes to stderr).
#
#   MONGODB_ARROW_CACHE  cache root (default: ${XDG_CACHE_HOME:-$HOME/.cache}/mongodb-arrow)
#
# Why not `go install …/cmd/ferretdb@v1.24.2` or `go build` of the tool from
# scripts/ferretdb: FerretDB's build/version package panics at start-up unless
# build/version/version.txt was generated into its source tree, and recent Go
# records FerretDB as the binary's main module even when it is built as a tool
# of another module. The module cache is read-only (and -overlay may not touch
# it), so we copy the checksum-verified module source to a scratch directory,
# write version.txt there and build that copy with FerretDB's own go.mod/go.sum.
set -euo pipefail

# Keep in step with the require line in scripts/ferretdb/go.mod (checked below).
FERRETDB_VERSION=v1.24.2

here="$(cd "$(dirname "$0")" && pwd)"
cache_root="${MONGODB_ARROW_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mongodb-arrow}"
out_dir="$cache_root/ferretdb-$FERRETDB_VERSION"
exe=""
case "$(uname -s)" in MINGW* | MSYS* | CYGWIN*) exe=".exe" ;; esac
bin="$out_dir/ferretdb$exe"

if [ -x "$bin" ]; then
  echo "$bin"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  echo "build-ferretdb: 'go' is not on PATH; install Go 1.24 or newer (https://go.dev/dl/)" >&2
  exit 1
fi

# The pinned version lives in scripts/ferretdb/go.mod; fail loudly if the two drift.
mod_version="$(go -C "$here/ferretdb" list -m -f '{{.Version}}' github.com/FerretDB/FerretDB)"
if [ "$mod_version" != "$FERRETDB_VERSION" ]; then
  echo "build-ferretdb: scripts/ferretdb/go.mod pins FerretDB $mod_version but this script expects $FERRETDB_VERSION" >&2
  exit 1
fi

mkdir -p "$out_dir"
work="$(mktemp -d "$out_dir/build.XXXXXX")"
trap 'chmod -R u+w "$work" 2>/dev/null || true; rm -rf "$work"' EXIT

echo "build-ferretdb: building FerretDB $FERRETDB_VERSION into $out_dir (first run only; takes a few minutes with an empty Go cache)" >&2
start_s=$SECONDS

# `go mod download` from our module verifies the zip against scripts/ferretdb/go.sum.
src_dir="$(go -C "$here/ferretdb" mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" |
  sed -n 's/^[[:space:]]*"Dir":[[:space:]]*"\(.*\)",\{0,1\}$/\1/p')"
if [ -z "$src_dir" ] || [ ! -f "$src_dir/go.mod" ]; then
  echo "build-ferretdb: could not locate the FerretDB $FERRETDB_VERSION module source" >&2
  exit 1
fi
cp -R "$src_dir" "$work/src"
chmod -R u+w "$work/src" # module cache files are read-only
printf '%s\n' "$FERRETDB_VERSION" >"$work/src/build/version/version.txt"

build() {
  # -buildvcs=false: the copy has no VCS data, and an enclosing repository
  # (e.g. a dotfiles repo in $HOME) must not leak into the build.
  # GOFLAGS is cleared so a user's -mod=vendor or similar cannot interfere.
  GOFLAGS='' go -C "$work/src" build -trimpath -buildvcs=false "$@" -o "$work/ferretdb$exe" ./cmd/ferretdb
}
# Some Go/modernc.org/libc combinations trip the linker's //go:linkname
# checks; retrying only the link with the check off is cheap (compiles are cached).
if ! build; then
  echo "build-ferretdb: build failed; retrying with -ldflags=-checklinkname=0" >&2
  build -ldflags=-checklinkname=0
fi

# A build that links but panics at start (the version.txt problem) is useless.
if ! version_out="$("$work/ferretdb$exe" --version 2>&1)"; then
  echo "build-ferretdb: the built binary does not start:" >&2
  echo "$version_out" >&2
  exit 1
fi

# Rename into place so a concurrent run never sees a half-written binary.
mv -f "$work/ferretdb$exe" "$bin"
echo "build-ferretdb: built in $((SECONDS - start_s))s: $(echo "$version_out" | head -n 1)" >&2
echo "$bin"
