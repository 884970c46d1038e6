#!/usr/bin/env bash
# scripts/test-api.sh sqlite|postgresql [node --test arguments...]
# The HTTP API tests (tests/api/*.test.mjs, node's built-in runner): each test file starts real
# `linli serve` processes on free ports with fresh databases and checks them when they stop
# (exit code 0, no sanitizer report). Exit code = the tests'.
#   LINLI_BIN            the binary under test (default bin/linli-asan: ASan + UBSan)
#   LINLI_TEST_PG_BASE   for postgresql: a server URL such as scripts/pg-cluster.sh start prints;
#                        every server start gets a new database on it (pg-cluster.sh createdb)
#   LINLI_TEST_KEEP=1    keep the temporary directories (databases, logs) for a look afterwards
# Extra arguments replace the default test set, e.g. tests/api/access/auth.test.mjs.
set -uo pipefail
cd "$(dirname "$0")/.."

engine=${1:-}
case $engine in
  sqlite|postgresql) shift ;;
  *) echo "usage: $0 sqlite|postgresql [node --test arguments...]" >&2; exit 2 ;;
esac

export LINLI_BIN=${LINLI_BIN:-bin/linli-asan}
export LINLI_TEST_DB=$engine
export LINLI_PASSWORD_HASH_MEMORY=${LINLI_PASSWORD_HASH_MEMORY:-8192}
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

if [ ! -x "$LINLI_BIN" ]; then
  echo "test-api: $LINLI_BIN not found; build it with: make all asan" >&2
  exit 1
fi
. scripts/node-env.sh || exit 1
if [ "$engine" = postgresql ]; then
  if [ -z "${LINLI_TEST_PG_BASE:-}" ]; then
    echo "test-api: postgresql needs LINLI_TEST_PG_BASE, e.g.:" >&2
    echo '  D=$(mktemp -d); B=$(scripts/pg-cluster.sh start $D | tail -1)' >&2
    echo '  LINLI_TEST_PG_BASE=$B scripts/test-api.sh postgresql; scripts/pg-cluster.sh stop $D' >&2
    exit 2
  fi
  export LINLI_TEST_PG_BASE
fi

# test a copy: a rebuild of bin/ during the run does not pull the binary from under the tests
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$LINLI_BIN" "$work/linli"
echo "test-api: $LINLI_BIN ($("$work/linli" version 2>/dev/null || echo '?')) on $engine"
export LINLI_BIN="$work/linli"
t0=$SECONDS
status=0
node --test --test-concurrency=2 --test-reporter=spec "${@:-tests/api/}" || status=$?
echo "test-api: $engine finished in $((SECONDS - t0)) s, exit $status"
exit "$status"
