#!/usr/bin/env bash
# A fast MongoDB-wire server for end-to-end benchmarks: mongo-java-server 1.47.0
# with its in-memory backend (Maven Central), on 127.0.0.1, claiming MongoDB 6.0
# (wire version 17) so that driver 7 accepts it. Not for the test suite: FerretDB
# (scripts/test-server.sh) is the correctness server.
#
#   scripts/fast-server.sh start          prints the connection string as the LAST line of stdout
#   scripts/fast-server.sh stop           stops it
#   scripts/fast-server.sh run CMD ARGS   starts a private one, runs CMD with MONGODB_URI set, stops it
#
# Environment:
#   MONGODB_ARROW_FAST_SERVER_STATE  state file (default: ${TMPDIR:-/tmp}/mongodb-arrow-fast-server.<uid>.state)
#   MONGODB_ARROW_FAST_SERVER_PORT   port (default 0: a free one)
#   MONGODB_ARROW_FAST_SERVER_JAVA   JVM options (default: -Xmx4g)
#   MONGODB_ARROW_CACHE              cache root (default: ${XDG_CACHE_HOME:-$HOME/.cache}/mongodb-arrow)
#
# Quirks (DESIGN.md): pass a batchSize to find (without one the first reply holds
# everything); aggregate ignores cursor.batchSize; no $set/$replaceWith.
set -euo pipefail
shopt -s inherit_errexit

VERSION=1.47.0
here="$(cd "$(dirname "$0")" && pwd)"
src="$here/fast-server"
tmp_root="${TMPDIR:-/tmp}"
state_file="${MONGODB_ARROW_FAST_SERVER_STATE:-${tmp_root%/}/mongodb-arrow-fast-server.$(id -u).state}"
log() { echo "fast-server: $*" >&2; }

state_get() {
  [ -f "$state_file" ] || return 0
  sed -n "s/^$1=//p" "$state_file" | head -n 1
}

alive() {
  kill -0 "$1" 2>/dev/null || return 1
  case "$(ps -o stat= -p "$1" 2>/dev/null || true)" in Z*) return 1 ;; esac
  case "$(ps -o args= -p "$1" 2>/dev/null || true)" in *FastServer*) return 0 ;; *) return 1 ;; esac
}

# Jars from Maven Central and the compiled main class, cached per source checksum.
build() {
  local sum cache
  sum="$(cat "$src/pom.xml" "$src/FastServer.java" | sha256sum | cut -c1-12)"
  cache="${MONGODB_ARROW_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mongodb-arrow}/fast-server-$VERSION-$sum"
  if [ ! -f "$cache/classes/FastServer.class" ]; then
    command -v mvn >/dev/null && command -v javac >/dev/null || {
      log "needs Maven (mvn) and a JDK (javac) on PATH"
      exit 1
    }
    log "fetching mongo-java-server $VERSION and compiling into $cache (first run only)"
    local work
    mkdir -p "$(dirname "$cache")"
    work="$(mktemp -d "${cache}.XXXXXX")"
    [ -d "$work" ] || exit 1
    mvn -q -B -f "$src/pom.xml" dependency:copy-dependencies -DoutputDirectory="$work/lib" >&2
    javac -nowarn -cp "$work/lib/*" -d "$work/classes" "$src/FastServer.java" >&2
    rm -rf "$cache"
    mv "$work" "$cache" # in one step: a concurrent start never sees half a build
  fi
  echo "$cache"
}

start() {
  local pid cache dir uri i
  pid="$(state_get pid)"
  if [ -n "$pid" ] && alive "$pid"; then
    log "already running (pid $pid)"
    state_get uri
    return 0
  fi
  cache="$(build)"
  dir="$(mktemp -d "${tmp_root%/}/mongodb-arrow-fast-server.XXXXXX")"
  # shellcheck disable=SC2086 # JVM options are words
  java ${MONGODB_ARROW_FAST_SERVER_JAVA:--Xmx4g} -cp "$cache/classes:$cache/lib/*" \
    FastServer "${MONGODB_ARROW_FAST_SERVER_PORT:-0}" </dev/null >"$dir/server.log" 2>&1 &
  pid=$!
  printf 'pid=%s\ndir=%s\n' "$pid" "$dir" >"$state_file"
  for ((i = 0; i < 600; i++)); do
    uri="$(grep -m1 '^mongodb://' "$dir/server.log" || true)"
    [ -n "$uri" ] && break
    alive "$pid" || break
    sleep 0.1
  done
  if [ -z "$uri" ]; then
    log "the server did not start; its log:"
    tail -n 30 "$dir/server.log" >&2 || true
    stop
    exit 1
  fi
  printf 'pid=%s\ndir=%s\nuri=%s\n' "$pid" "$dir" "$uri" >"$state_file"
  log "pid $pid, log $dir/server.log"
  echo "$uri"
}

stop() {
  local pid dir i
  pid="$(state_get pid)"
  dir="$(state_get dir)"
  if [ -n "$pid" ] && alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
      alive "$pid" || break
      sleep 0.1
    done
    alive "$pid" && kill -KILL "$pid" 2>/dev/null
    log "stopped pid $pid"
  fi
  case "$dir" in */mongodb-arrow-fast-server.*) rm -rf "$dir" ;; esac
  rm -f "$state_file"
}

case "${1:-}" in
start) start ;;
stop) stop ;;
run)
  shift
  [ $# -gt 0 ] || {
    echo "usage: $0 run CMD [ARGS...]" >&2
    exit 2
  }
  state_dir="$(mktemp -d "${tmp_root%/}/mongodb-arrow-fast-run.XXXXXX")"
  state_file="$state_dir/state"
  trap 'stop; rm -rf "$state_dir"' EXIT
  MONGODB_URI="$(start | tail -n 1)"
  # CMD may need the server's pid (bench/api/event-loop.ts lowers its priority).
  MONGODB_ARROW_FAST_SERVER_STATE="$state_file"
  export MONGODB_URI MONGODB_ARROW_FAST_SERVER_STATE
  rc=0
  "$@" || rc=$?
  exit "$rc"
  ;;
*)
  echo "usage: $0 start|stop|run CMD [ARGS...]" >&2
  exit 2
  ;;
esac
