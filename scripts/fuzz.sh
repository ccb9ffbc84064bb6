#!/usr/bin/env bash
# Fuzzes the HTTP API (fuzz/api_fuzz.cpp: request parsing, routing and the JSON handlers over a
# real SQLite database) with libFuzzer, ASan and UBSan, for a bounded time.
#
#   scripts/fuzz.sh                 # 60 s
#   FUZZ_SECONDS=300 scripts/fuzz.sh
#   FUZZ_JOBS=2 scripts/fuzz.sh     # two fuzzing processes at once (libFuzzer's -fork=2)
#   scripts/fuzz.sh -runs=0         # extra arguments go to libFuzzer (here: replay the corpus)
#
# Builds the fuzz configuration (clang-14, -DSEATSHIFT_FUZZ=ON -DSEATSHIFT_SANITIZE=ON) into
# $FUZZ_BUILD_DIR (default build-fuzz; scripts/test.sh passes build-asan, its sanitized build,
# which is configured so already), then fuzzes a copy of fuzz/corpus in a temporary directory, so
# the seeds in the repository are never modified. Exits non-zero on any crash, leak, sanitizer
# report, timeout or broken response invariant; the reproducer is kept in
# $FUZZ_BUILD_DIR/fuzz-artifacts/ (replay it with: $FUZZ_BUILD_DIR/api_fuzz <file>).
set -euo pipefail
cd "$(dirname "$0")/.."

# clang-14 with the libFuzzer and sanitizer runtimes come with the test tools.
scripts/install-deps.sh --test

build=${FUZZ_BUILD_DIR:-build-fuzz}
if ! grep -q '^SEATSHIFT_FUZZ:BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null; then
  CC=clang-14 CXX=clang++-14 cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DSEATSHIFT_FUZZ=ON -DSEATSHIFT_SANITIZE=ON -DSEATSHIFT_BUILD_BENCH=OFF >/dev/null
fi
cmake --build "$build" -j"$(nproc)" --target api_fuzz

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus" "$build/fuzz-artifacts"
cp fuzz/corpus/* "$work/corpus/"

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:allocator_may_return_null=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# The fuzz database is local and serves one request at a time: any 503 there is a bug.
export SEATSHIFT_FUZZ_FAIL_ON_503=1
# FUZZ_JOBS > 1: libFuzzer's fork mode, that many fuzzing processes sharing the corpus; a crash
# in one prints its log here and stops the run with a non-zero status, as without it.
jobs=${FUZZ_JOBS:-1}
[[ $jobs =~ ^[1-9][0-9]*$ ]] || { echo "fuzz: FUZZ_JOBS must be a positive whole number" >&2; exit 2; }
fork=()
[ "$jobs" -gt 1 ] && fork=(-fork="$jobs")
# Fork mode names every newly covered function (thousands of lines) whatever -print_funcs says:
# they stay in the log that is searched below, not on the screen.
status=0
"$build/api_fuzz" "$work/corpus" "${fork[@]}" \
  -max_total_time="${FUZZ_SECONDS:-60}" -dict=fuzz/http.dict -detect_leaks=1 \
  -timeout=30 -rss_limit_mb=2560 -print_final_stats=1 -print_funcs=0 \
  -artifact_prefix="$PWD/$build/fuzz-artifacts/" "$@" 2>&1 | tee "$work/fuzz.log" \
  | grep -v '^  NEW_FUNC' || status=$?
# libFuzzer exits non-zero on what it catches; a sanitizer report that somehow did not end the
# run still fails it.
if grep -qE "ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:|seatshift-fuzz: " \
    "$work/fuzz.log"; then
  [ "$status" -ne 0 ] || status=1
fi
if [ "$status" -ne 0 ]; then
  echo "fuzz: FAILED (exit $status); reproducers in $build/fuzz-artifacts/" >&2
  exit "$status"
fi
echo "fuzz: no crash, leak or sanitizer report in ${FUZZ_SECONDS:-60} s ($jobs process(es))" >&2
