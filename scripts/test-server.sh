#!/usr/bin/env bash
# Starts or stops the throw-away MongoDB-wire server the integration tests run
# against: FerretDB v1 with its SQLite backend, on 127.0.0.1, data in a fresh
# temporary directory.
#
#   scripts/test-server.sh start   prints the connection string as the LAST line of stdout
#   scripts/test-server.sh stop    stops it and removes its temporary directory
#
# Environment:
#   MONGODB_URI                  when set, `start` only prints it and `stop` does nothing
#                                (CI points it at a real mongod)
#   MONGODB_ARROW_SERVER_STATE   state file (default: ${TMPDIR:-/tmp}/mongodb-arrow-test-server.<uid>.state);
#                                with-test-server.sh gives each run its own
#   MONGODB_ARROW_SERVER_PORT    port to listen on (default: 0, the kernel picks a free one)
#   MONGODB_ARROW_SERVER_TIMEOUT seconds to wait for the server to answer a ping (default: 60)
#   MONGODB_ARROW_CACHE          where build-ferretdb.sh caches the binary
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
tmp_root="${TMPDIR:-/tmp}"
tmp_root="${tmp_root%/}"
state_file="${MONGODB_ARROW_SERVER_STATE:-$tmp_root/mongodb-arrow-test-server.$(id -u).state}"
port="${MONGODB_ARROW_SERVER_PORT:-0}"
timeout_s="${MONGODB_ARROW_SERVER_TIMEOUT:-60}"

log() { echo "test-server: $*" >&2; }

usage() {
  echo "usage: $0 start|stop" >&2
  exit 2
}

# The state file holds key=value lines; it is parsed, never sourced.
state_get() {
  local key="$1" line
  [ -f "$state_file" ] || return 0
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in "$key="*)
      printf '%s\n' "${line#"$key="}"
      return 0
      ;;
    esac
  done <"$state_file"
}

# kill -0 also succeeds for zombies (possible when the container's PID 1 does
# not reap orphans), so a 'Z' state counts as gone.
alive() {
  local pid="$1" stat
  kill -0 "$pid" 2>/dev/null || return 1
  stat="$(ps -o stat= -p "$pid" 2>/dev/null || true)"
  case "$stat" in Z*) return 1 ;; esac
  return 0
}

# Guards against killing an unrelated process that reused a stale pid.
is_ferretdb() {
  case "$(ps -o args= -p "$1" 2>/dev/null || true)" in *ferretdb*) return 0 ;; *) return 1 ;; esac
}

# Only ever delete directories this script created.
remove_dir() {
  local dir="$1"
  case "$dir" in */mongodb-arrow-ferretdb.*) rm -rf "$dir" ;; esac
}

stop_server() {
  local pid dir i
  pid="$(state_get pid)"
  dir="$(state_get dir)"
  if [ -n "$pid" ] && alive "$pid" && is_ferretdb "$pid"; then
    # SIGTERM lets FerretDB close SQLite cleanly; SIGKILL if it hangs.
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
      alive "$pid" || break
      sleep 0.1
    done
    if alive "$pid"; then
      log "pid $pid ignored SIGTERM for 10s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    log "stopped FerretDB pid $pid"
  fi
  [ -n "$dir" ] && remove_dir "$dir"
  rm -f "$state_file"
}

# A real round trip: an OP_MSG {ping: 1, $db: "admin"} written with bash's
# /dev/tcp, reply checked for ok: 1. Needs no driver and no node_modules.
ping_once() {
  local host="$1" port="$2" hdr len body b0 b1 b2 b3
  { exec 3<>"/dev/tcp/$host/$port"; } 2>/dev/null || return 1
  # header: messageLength 51, requestID 1, responseTo 0, opCode 2013 (OP_MSG);
  # flagBits 0; section kind 0; BSON {ping: int32 1, $db: "admin"} (30 bytes; \x24 is "$").
  printf '\x33\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\xdd\x07\x00\x00''\x00\x00\x00\x00\x00''\x1e\x00\x00\x00\x10ping\x00\x01\x00\x00\x00\x02\x24db\x00\x06\x00\x00\x00admin\x00\x00' >&3 || {
    exec 3>&-
    return 1
  }
  # dd bs=1 reads exactly what is asked for, so the stream stays in step.
  hdr="$(dd bs=1 count=4 <&3 2>/dev/null | od -An -tu1)"
  read -r b0 b1 b2 b3 <<<"$hdr" || true
  if [ -z "${b3:-}" ]; then
    exec 3>&-
    return 1
  fi
  len=$((b0 | b1 << 8 | b2 << 16 | b3 << 24))
  if [ "$len" -le 20 ] || [ "$len" -gt 65536 ]; then
    exec 3>&-
    return 1
  fi
  body="$(dd bs=1 count=$((len - 4)) <&3 2>/dev/null | od -An -tx1 | tr -s ' \n' '  ')"
  exec 3>&-
  # ok as double 1.0 (what mongod and FerretDB send) or as int32 1.
  case "$body" in
  *" 01 6f 6b 00 00 00 00 00 00 00 f0 3f"* | *" 10 6f 6b 00 01 00 00 00"*) return 0 ;;
  *) return 1 ;;
  esac
}

# ping_once with a watchdog: a server that accepts but never answers must not
# hang us (coreutils `timeout` is not on every machine, e.g. macOS).
ping_with_timeout() {
  local pinger watchdog rc
  ping_once "$@" &
  pinger=$!
  # The watchdog's own sleep is killed with it, and it holds none of our
  # stdio: a stray `sleep` on stdout would keep `$(test-server.sh start)` open.
  (
    trap 'kill "$nap" 2>/dev/null; exit 0' TERM
    sleep 5 &
    nap=$!
    wait "$nap"
    kill -TERM "$pinger" 2>/dev/null
  ) </dev/null >/dev/null 2>&1 &
  watchdog=$!
  if wait "$pinger"; then rc=0; else rc=1; fi
  kill -TERM "$watchdog" 2>/dev/null || true
  wait "$watchdog" 2>/dev/null || true
  return "$rc"
}

fail_start() {
  local logfile
  logfile="$(state_get dir)/ferretdb.log"
  log "$*"
  if [ -f "$logfile" ]; then
    log "last lines of $logfile:"
    tail -n 30 "$logfile" >&2 || true
  fi
  stop_server
  exit 1
}

start_server() {
  local bin dir pid addr uri deadline old_pid
  old_pid="$(state_get pid)"
  if [ -n "$old_pid" ] && alive "$old_pid" && is_ferretdb "$old_pid"; then
    # Idempotent: a second `start` reuses the running server.
    uri="$(state_get uri)"
    if [ -z "$uri" ]; then
      log "another start is in progress (pid $old_pid, state $state_file)"
      exit 1
    fi
    log "already running (pid $old_pid, state $state_file)"
    echo "$uri"
    return 0
  fi
  rm -f "$state_file" # stale: its server is gone

  bin="$(bash "$here/build-ferretdb.sh" | tail -n 1)"
  [ -x "$bin" ] || {
    log "build-ferretdb.sh did not produce a binary"
    exit 1
  }

  dir="$(mktemp -d "$tmp_root/mongodb-arrow-ferretdb.XXXXXX")"
  mkdir -p "$dir/data" "$(dirname "$state_file")"

  # stdin/stdout/stderr are redirected so the server holds no pipe of ours:
  # `uri=$(test-server.sh start | tail -n 1)` must return once we exit.
  "$bin" \
    --handler=sqlite \
    --sqlite-url="file:$dir/data/" \
    --listen-addr="127.0.0.1:$port" \
    --telemetry=disable \
    --state-dir=- \
    --debug-addr=- \
    --log-level=info \
    </dev/null >"$dir/ferretdb.log" 2>&1 &
  pid=$!
  # Written at once so `stop` (or our own failure path) can clean up even if
  # we are interrupted while waiting.
  printf 'pid=%s\ndir=%s\n' "$pid" "$dir" >"$state_file"
  trap 'fail_start "interrupted"' INT TERM

  deadline=$((SECONDS + timeout_s))
  addr=""
  while [ -z "$addr" ]; do
    alive "$pid" || fail_start "FerretDB exited during start-up"
    [ "$SECONDS" -lt "$deadline" ] || fail_start "FerretDB did not listen within ${timeout_s}s"
    # With port 0 the log is the only place the chosen port appears.
    addr="$(sed -n 's/.*Listening on TCP \([0-9.]*:[0-9][0-9]*\).*/\1/p' "$dir/ferretdb.log" | head -n 1)"
    [ -n "$addr" ] || sleep 0.05
  done

  until ping_with_timeout "${addr%:*}" "${addr##*:}"; do
    alive "$pid" || fail_start "FerretDB exited during start-up"
    [ "$SECONDS" -lt "$deadline" ] || fail_start "FerretDB at $addr did not answer a ping within ${timeout_s}s"
    sleep 0.1
  done
  trap - INT TERM

  uri="mongodb://$addr/?directConnection=true"
  printf 'pid=%s\ndir=%s\nuri=%s\n' "$pid" "$dir" "$uri" >"$state_file"
  log "FerretDB pid $pid listening on $addr (data and log in $dir)"
  echo "$uri"
}

[ $# -eq 1 ] || usage
case "$1" in
start)
  if [ -n "${MONGODB_URI:-}" ]; then
    echo "$MONGODB_URI"
    exit 0
  fi
  start_server
  ;;
stop)
  [ -n "${MONGODB_URI:-}" ] && exit 0
  stop_server
  ;;
*) usage ;;
esac
