#!/usr/bin/env bash
# The whole test suite: installs what it needs, builds with AddressSanitizer and
# UndefinedBehaviorSanitizer, checks formatting, and runs every test through CTest (on SQLite
# and, through a throwaway cluster, on PostgreSQL).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh --test

# Every check runs or fails; none skips itself when a tool is missing (install-deps.sh
# installs clang-format, Node.js and npm).
git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run --Werror

# The OpenAPI validator (from the npm registry, pinned by api-spec/package-lock.json).
(cd api-spec && npm ci --no-audit --no-fund --loglevel=error)
# The portal: its API types generated from api-spec/openapi.json, type-checked (tsc --noEmit)
# and built by Vite into web/dist, which the browser test (CTest portal_in_a_browser) serves.
(cd web && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build >/dev/null)

# Warnings are errors here (not in a user's plain build), in both configurations, so every source
# file of the program is judged by two compilers.
# The sanitized build (ASan and UBSan, with clang) of everything — program, tests, benchmarks —
# is also the fuzzer's (-DSEATSHIFT_FUZZ=ON: every file instrumented for coverage, one compile
# instead of two). A build-asan left by GCC is made anew.
if [ -f build-asan/CMakeCache.txt ] && ! grep -q '^SEATSHIFT_FUZZ:BOOL=ON' build-asan/CMakeCache.txt; then
  rm -rf build-asan
fi
CC=clang-14 CXX=clang++-14 cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug \
  -DSEATSHIFT_SANITIZE=ON -DSEATSHIFT_FUZZ=ON -DSEATSHIFT_WERROR=ON >/dev/null
cmake --build build-asan -j2
# The Release build of the program (GCC), in the directory scripts/run.sh builds, so the suite's
# run of the main command finds its program built.
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DSEATSHIFT_WERROR=ON >/dev/null
cmake --build build -j2 --target seatshift
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# A throwaway PostgreSQL cluster for the tests on that backend (SEATSHIFT_TEST_POSTGRES), stopped
# however the tests end.
eval "$(scripts/pg-cluster.sh start)"
trap 'scripts/pg-cluster.sh stop "$SEATSHIFT_PG_DIR"' EXIT
# The descriptor-exhaustion test runs this build's server: a sanitized one cannot live without
# descriptors (tests/e2e/http/server_limits_test.cpp).
export SEATSHIFT_UNSANITIZED_BINARY="$PWD/build/seatshift"
ctest --test-dir build-asan --output-on-failure -j2

# The libFuzzer target over request parsing, routing and the JSON handlers, for a bounded time.
# Two processes for 30 s (-fork=2): the 60 s of one core's fuzzing the suite always did, with the
# second core no longer idle.
FUZZ_BUILD_DIR=build-asan FUZZ_JOBS=${FUZZ_JOBS:-2} FUZZ_SECONDS=${FUZZ_SECONDS:-30} scripts/fuzz.sh
