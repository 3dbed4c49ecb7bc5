#!/usr/bin/env bash
# The fault-injection suite (issue #17): a server killed or frozen mid-read,
# connections cut or corrupted by a proxy of ours, abort storms, leak soaks,
# concurrency and hostile input. `npm test` runs it at CI sizes with the rest;
# this runs it alone and prints the Reliability table.
#
#   npm run test:faults              CI sizes (under 90 s; what `npm test` runs)
#   npm run test:faults -- --long    release sizes (300 reads of 20,000 documents, a
#                                    2,000,000-document stream, 200 aborts); writes the
#                                    table into README.md's Reliability section
set -euo pipefail
cd "$(dirname "$0")/.."

long=""
for arg in "$@"; do
  case "$arg" in
  --long) long=1 ;;
  *)
    echo "usage: $0 [--long]" >&2
    exit 2
    ;;
  esac
done

rows="$(mktemp "${TMPDIR:-/tmp}/mongodb-arrow-faults.XXXXXX")"
trap 'rm -f "$rows"' EXIT
export FAULTS_REPORT="$rows"
if [ -n "$long" ]; then export FAULTS_LONG=1; fi

start=$SECONDS
rc=0
bash scripts/with-test-server.sh node --import tsx --test --test-reporter=spec --test-concurrency=2 \
  __test__/faults-*.test.ts __test__/server-killed.test.ts __test__/abort.test.ts || rc=$?
echo "faults: suite took $((SECONDS - start)) s (exit $rc)"

if [ -n "$long" ] && [ "$rc" -eq 0 ]; then
  node --import tsx __test__/helpers/fault-table.ts "$rows" --readme "npm run test:faults -- --long"
else
  node --import tsx __test__/helpers/fault-table.ts "$rows"
fi
exit "$rc"
