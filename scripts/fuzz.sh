#!/bin/bash
# fuzz.sh [SECONDS]: build the libFuzzer harnesses of tests/fuzz/ with clang (AddressSanitizer,
# UndefinedBehaviorSanitizer, leak checks) into build/fuzz/, then run each for SECONDS (default
# 20) on a copy of its seed corpus in a temporary directory: the committed corpus never grows.
# Exits non-zero when a harness finds a crash, a leak or a broken invariant; the input that did
# it is kept in build/fuzz/crashes/. Without clang this skips (exit 0), unless CI is set.
# Environment: CLANG (default clang), FUZZ_JOBS (harnesses run side by side, default 2).
set -uo pipefail
cd "$(dirname "$0")/.."
secs=${1:-20}
[[ $secs =~ ^[0-9]+$ ]] && ((secs > 0)) || { echo "usage: $0 [SECONDS]" >&2; exit 2; }
CLANG=${CLANG:-clang}
out=build/fuzz
harnesses=(body route text geo seal idnum csv xlsx form outbound hotline multipart image)

skip_or_fail() {  # no usable clang: fine on a developer's machine, an error in CI
  if [ -n "${CI:-}" ]; then
    echo "fuzz: $1 (CI is set: scripts/deps.sh check installs clang and its libFuzzer runtime)" >&2
    exit 1
  fi
  echo "fuzz: $1; skipping the fuzzers (scripts/deps.sh check installs clang and libclang-rt)"
  exit 0
}
command -v "$CLANG" >/dev/null 2>&1 || skip_or_fail "$CLANG not found"
probe=$(mktemp -d "${TMPDIR:-/tmp}/linli-fuzz-probe.XXXXXX")
printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n);\n%s\n' \
  'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }' \
  >"$probe/p.c"
if ! "$CLANG" -fsanitize=fuzzer,address,undefined -o "$probe/p" "$probe/p.c" 2>"$probe/err"; then
  cat "$probe/err" >&2
  rm -rf "$probe"
  skip_or_fail "$CLANG cannot link a libFuzzer program (is libclang-rt-14-dev installed?)"
fi
rm -rf "$probe"

# --- build -------------------------------------------------------------------------------
make --no-print-directory -s build/gen/openapi.c build/gen/migrations.c || exit 1
PKGS=$(sed -n "s/^PKGS *:= *//p" Makefile)   # the libraries the Makefile links
pkg_cflags=$(pkg-config --cflags $PKGS) || exit 1
pkg_libs=$(pkg-config --libs $PKGS) || exit 1
version=$(sed -n 's/^VERSION *:= *//p' Makefile)
warn=(-Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Wvla
      -Wpointer-arith -Wcast-qual -Wnull-dereference -Wimplicit-fallthrough)
san=(-g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all)
# clang's -Wformat=2 also wants a format attribute on every v*printf wrapper (arena_vprintf,
# log.c's emit); gcc, the project's compiler, does not: that one is off for src/ here.
cflags=(-std=c17 "${warn[@]}" -D_GNU_SOURCE "-DLINLI_VERSION=\"$version\""
        -Isrc $pkg_cflags "${san[@]}" -fsanitize=fuzzer-no-link -MMD -MP)

mkdir -p "$out/obj"
# An object is rebuilt when it is missing or older than its source or any header it includes
# (from the -MMD file); all sources compile in parallel.
newer_input() {  # newer_input OBJ: is a file its .d file lists newer than OBJ?
  local h
  [ -f "${1%.o}.d" ] || return 1
  for h in $(sed -e 's/\\$//' -e 's/^[^:]*://' "${1%.o}.d"); do
    [ "$h" -nt "$1" ] && return 0
  done
  return 1
}
stale=()
for src in $(ls src/*/*.c | grep -v '^src/main\.c$') build/gen/*.c; do
  obj=$out/obj/$(echo "${src%.c}" | tr / _).o
  if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] || newer_input "$obj"; then
    stale+=("$src")
  fi
done
compile() {  # compile SRC: the project's sources with coverage instrumentation for libFuzzer
  local src=$1 obj
  obj=$out/obj/$(echo "${src%.c}" | tr / _).o
  if [ "${src#build/gen/}" != "$src" ]; then
    "$CLANG" -std=c17 -Isrc -O1 -g -c -o "$obj" "$src"
  else
    "$CLANG" "${cflags[@]}" -c -o "$obj" "$src"
  fi
}
if ((${#stale[@]})); then
  echo "fuzz: compiling ${#stale[@]} source files with $CLANG"
  rc=0 running=()
  for src in "${stale[@]}"; do
    compile "$src" &
    running+=($!)
    if ((${#running[@]} >= $(nproc))); then
      wait "${running[0]}" || rc=1
      running=("${running[@]:1}")
    fi
  done
  for p in "${running[@]}"; do wait "$p" || rc=1; done
  ((rc == 0)) || { echo "fuzz: compiling the sources failed" >&2; exit 1; }
fi
objs=()
for src in $(ls src/*/*.c | grep -v '^src/main\.c$') build/gen/*.c; do
  objs+=("$out/obj/$(echo "${src%.c}" | tr / _).o")
done
for h in "${harnesses[@]}"; do
  extra=()
  [ "$h" = route ] && extra=(-Wl,--wrap=http_routes)
  "$CLANG" -std=c17 "${warn[@]}" -D_GNU_SOURCE -Isrc $pkg_cflags "${san[@]}" -fsanitize=fuzzer \
    -o "$out/fuzz_$h" "tests/fuzz/fuzz_$h.c" "${objs[@]}" "${extra[@]}" $pkg_libs -lpthread -lm ||
    { echo "fuzz: building fuzz_$h failed" >&2; exit 1; }
done
echo "fuzz: built ${harnesses[*]/#/$out/fuzz_}"

# --- run ---------------------------------------------------------------------------------
work=$(mktemp -d "${TMPDIR:-/tmp}/linli-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
run() {  # run NAME: one harness for $secs seconds on a throwaway copy of its corpus
  local h=$1
  mkdir -p "$work/$h/corpus" "$work/$h/crashes"
  cp tests/fuzz/corpus/"$h"/* "$work/$h/corpus/"
  "$out/fuzz_$h" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
    -print_final_stats=1 -dict="tests/fuzz/$h.dict" -artifact_prefix="$work/$h/crashes/" \
    "$work/$h/corpus" >"$work/$h.log" 2>&1
  echo $? >"$work/$h.rc"
}
echo "fuzz: running ${harnesses[*]} for ${secs}s each"
running=()
for h in "${harnesses[@]}"; do
  run "$h" &
  running+=($!)
  if ((${#running[@]} >= ${FUZZ_JOBS:-2})); then
    wait "${running[0]}"
    running=("${running[@]:1}")
  fi
done
for p in "${running[@]}"; do wait "$p"; done
status=0
for h in "${harnesses[@]}"; do
  rc=$(cat "$work/$h.rc" 2>/dev/null || echo 1)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$h.log")
  cov=$(grep -o 'cov: [0-9]*' "$work/$h.log" | tail -n 1)
  if ((rc == 0)); then
    echo "fuzz: $h ok: ${execs:-?} inputs, ${cov:-cov: ?} edges," \
      "corpus of $(ls "$work/$h/corpus" | wc -l)"
  else
    status=1
    echo "fuzz: $h FAILED (exit $rc); the end of its log:"
    grep -v '^#[0-9]' "$work/$h.log" | tail -n 60
    mkdir -p "$out/crashes"
    for f in "$work/$h/crashes"/*; do
      [ -f "$f" ] || continue
      cp "$f" "$out/crashes/${h}-$(basename "$f")"
      echo "fuzz: reproduce with: $out/fuzz_$h $out/crashes/${h}-$(basename "$f")"
      echo "fuzz: the input ($(wc -c <"$f") bytes):"
      od -c "$f" | head -n 20
    done
  fi
done
exit $status
