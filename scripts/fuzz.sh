#!/usr/bin/env bash
# Fuzzes the HTTP API (fuzz/api_fuzz.cpp: request parsing, routing and the JSON handlers over a
# real SQLite database) with libFuzzer, ASan and UBSan, for a bounded time.
#
#   scripts/fuzz.sh                 # 60 s
#   FUZZ_SECONDS=300 scripts/fuzz.sh
#   scripts/fuzz.sh -runs=0         # extra arguments go to libFuzzer (here: replay the corpus)
#
# Builds the fuzz configuration into build-fuzz (clang-14, -DSEATSHIFT_FUZZ=ON
# -DSEATSHIFT_SANITIZE=ON), then fuzzes a copy of fuzz/corpus in a temporary directory, so the
# seeds in the repository are never modified. Exits non-zero on any crash, leak, sanitizer report,
# timeout or broken response invariant; the reproducer is kept in build-fuzz/fuzz-artifacts/
# (replay it with: build-fuzz/api_fuzz <file>).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh

# clang-14 with the libFuzzer and sanitizer runtimes, when missing.
fuzz_packages=(clang-14 libclang-rt-14-dev)
missing=()
for p in "${fuzz_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}"
fi

CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DSEATSHIFT_FUZZ=ON -DSEATSHIFT_SANITIZE=ON -DSEATSHIFT_BUILD_BENCH=OFF >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target api_fuzz

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus" build-fuzz/fuzz-artifacts
cp fuzz/corpus/* "$work/corpus/"

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:allocator_may_return_null=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# The fuzz database is local and serves one request at a time: any 503 there is a bug.
export SEATSHIFT_FUZZ_FAIL_ON_503=1
status=0
build-fuzz/api_fuzz "$work/corpus" \
  -max_total_time="${FUZZ_SECONDS:-60}" -dict=fuzz/http.dict -detect_leaks=1 \
  -timeout=30 -rss_limit_mb=2560 -print_final_stats=1 \
  -artifact_prefix="$PWD/build-fuzz/fuzz-artifacts/" "$@" 2>&1 | tee "$work/fuzz.log" \
  || status=$?
# libFuzzer exits non-zero on what it catches; a sanitizer report that somehow did not end the
# run still fails it.
if grep -qE "ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:|seatshift-fuzz: " \
    "$work/fuzz.log"; then
  [ "$status" -ne 0 ] || status=1
fi
if [ "$status" -ne 0 ]; then
  echo "fuzz: FAILED (exit $status); reproducers in build-fuzz/fuzz-artifacts/" >&2
  exit "$status"
fi
echo "fuzz: no crash, leak or sanitizer report in ${FUZZ_SECONDS:-60} s" >&2
