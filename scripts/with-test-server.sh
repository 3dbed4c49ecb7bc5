#!/usr/bin/env bash
# Runs a command with MONGODB_URI pointing at a throw-away FerretDB started by
# test-server.sh, and always stops that server afterwards, whatever happens.
# Exits with the command's exit status. `npm test` and `npm run demo` wrap
# their Node processes in this.
#
#   scripts/with-test-server.sh <command> [args...]
#
# When MONGODB_URI is already set (CI with a real mongod), it just runs the command.
set -euo pipefail

if [ $# -eq 0 ]; then
  echo "usage: $0 <command> [args...]" >&2
  exit 2
fi

if [ -n "${MONGODB_URI:-}" ]; then
  exec "$@"
fi

here="$(cd "$(dirname "$0")" && pwd)"

# A private state file, so concurrent runs (tests beside a demo) never stop
# each other's server.
state_dir="$(mktemp -d "${TMPDIR:-/tmp}/mongodb-arrow-with-server.XXXXXX")"
export MONGODB_ARROW_SERVER_STATE="$state_dir/state"

child=""
# shellcheck disable=SC2317 # called from the trap
cleanup() {
  # MONGODB_URI is emptied for `stop` because it would otherwise treat the URI
  # we exported as an external server and leave ours running.
  MONGODB_URI='' bash "$here/test-server.sh" stop || true
  rm -rf "$state_dir"
}
trap cleanup EXIT

# On a signal: pass it on to the command if it runs (the EXIT trap then stops
# the server once it has ended); before that, just exit.
# shellcheck disable=SC2317 # called from the traps
on_signal() {
  local sig="$1" code="$2"
  if [ -n "$child" ]; then
    kill -s "$sig" "$child" 2>/dev/null || true
  else
    exit "$code"
  fi
}
trap 'on_signal INT 130' INT
trap 'on_signal TERM 143' TERM
trap 'on_signal HUP 129' HUP

uri="$(bash "$here/test-server.sh" start | tail -n 1)"
if [ -z "$uri" ]; then
  echo "with-test-server: test-server.sh start printed no connection string" >&2
  exit 1
fi
export MONGODB_URI="$uri"

# Run in the background and `wait`, because bash defers traps until a
# foreground child exits, while `wait` returns as soon as a signal arrives.
# Without job control bash starts background jobs with SIGINT/SIGQUIT ignored
# and stdin on /dev/null; the subshell restores both dispositions (so Ctrl-C
# still reaches the command) and `<&0` keeps stdin.
(
  trap - INT QUIT
  exec "$@"
) <&0 &
child=$!
rc=0
while :; do
  if wait "$child"; then rc=0; else rc=$?; fi
  # wait also returns (>128) when a trapped signal interrupted it; loop until
  # the command itself has ended and been reaped.
  kill -0 "$child" 2>/dev/null || break
done
exit "$rc"
