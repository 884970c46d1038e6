#!/bin/bash
# check.sh [unit|api|e2e|fuzz|openapi|all]: the test suite. Expects `make all asan` done (the
# Makefile's `check` target does both). Unit and API tests run under AddressSanitizer and
# UndefinedBehaviorSanitizer, once on SQLite and once on a throwaway PostgreSQL cluster that this
# script starts and removes itself. Ends with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LINLI_PASSWORD_HASH_MEMORY=${LINLI_PASSWORD_HASH_MEMORY:-8192}  # argon2id, cheaper in tests
RESULTS=$(mktemp /tmp/linli-check.XXXXXX)   # one line per suite, "ok NAME" or "FAILED NAME"
case $what in unit|fuzz) ;; *) . scripts/node-env.sh || exit 1 ;; esac  # once, for every suite below

step() {  # step NAME COMMAND...: run one suite, count it (in RESULTS, also from a subshell)
  local name=$1; shift
  echo "=== $name"
  local t0=$SECONDS
  if "$@"; then echo "ok $name" >>"$RESULTS"; echo "--- ok: $name ($((SECONDS - t0))s)"
  else echo "FAILED $name" >>"$RESULTS"; echo "--- FAILED: $name ($((SECONDS - t0))s)"; fi
}

PGDIR=
stop_pg() { [ -n "$PGDIR" ] && scripts/pg-cluster.sh stop "$PGDIR" >/dev/null 2>&1; PGDIR=; }
trap 'stop_pg; rm -f "$RESULTS"' EXIT
start_pg() {
  [ -n "$PGDIR" ] && return 0
  PGDIR=$(mktemp -d /tmp/linli-pg.XXXXXX)
  PG_BASE=$(scripts/pg-cluster.sh start "$PGDIR" | tail -n 1) || { echo "cannot start PostgreSQL"; return 1; }
  export PG_BASE
}

unit_tests() {
  local rc=0 t
  for t in build/asan/tests/test_*; do
    [ -x "$t" ] || continue
    echo "--- $t"
    "$t" || rc=1
  done
  return $rc
}
unit_tests_pg() {
  start_pg || return 1
  local url; url=$(scripts/pg-cluster.sh createdb "$PG_BASE" unit_$$) || return 1
  LINLI_TEST_PG_URL=$url unit_tests
}

api_suites() {
  step "API tests (SQLite)" scripts/test-api.sh sqlite
  start_pg && step "API tests (PostgreSQL)" env LINLI_TEST_PG_BASE="$PG_BASE" scripts/test-api.sh postgresql
}

case $what in
  unit|all)
    step "unit tests (SQLite)" unit_tests
    step "unit tests (PostgreSQL)" unit_tests_pg ;;&
  all)
    # The browser suite spends most of its time waiting on pages; the API suites, the lint and
    # the fuzzers run beside it (their output follows it), which is most of the suite's length.
    step "web build" scripts/build-web.sh
    start_pg
    side=$(mktemp /tmp/linli-side.XXXXXX)
    ( api_suites; step "OpenAPI lint" scripts/lint-openapi.sh
      step "fuzzers" env FUZZ_JOBS=1 scripts/fuzz.sh ${LINLI_FUZZ_SECONDS:-10} ) >"$side" 2>&1 &
    side_pid=$!
    step "browser tests (Chromium)" scripts/test-e2e.sh
    wait "$side_pid"
    cat "$side"; rm -f "$side" ;;
  api)
    api_suites ;;&
  openapi)
    step "OpenAPI lint" scripts/lint-openapi.sh ;;&
  fuzz)
    step "fuzzers" scripts/fuzz.sh ${LINLI_FUZZ_SECONDS:-10} ;;&  # a smoke run each: `make fuzz` or LINLI_FUZZ_SECONDS to dig
  e2e)
    step "web build" scripts/build-web.sh
    step "browser tests (Chromium)" scripts/test-e2e.sh ;;
  unit|api|openapi|fuzz|all) ;;
  *) echo "usage: $0 [unit|api|e2e|fuzz|openapi|all]" >&2; exit 2 ;;
esac
stop_pg
echo
passed=$(grep -c '^ok ' "$RESULTS") failed=$(grep -c '^FAILED ' "$RESULTS")
((failed)) && sed -n 's/^FAILED /failed: /p' "$RESULTS"
echo "suites: $passed passed, $failed failed"
exit $((failed > 0))
