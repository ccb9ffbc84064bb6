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

# Warnings are errors here (not in a user's plain build), in both configurations.
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DSEATSHIFT_SANITIZE=ON -DSEATSHIFT_WERROR=ON \
  >/dev/null
cmake --build build-asan -j2
# The Release build of the program and the benchmarks, in the directory scripts/run.sh builds
# (so the suite's run of the main command finds its program built).
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DSEATSHIFT_WERROR=ON >/dev/null
cmake --build build -j2 --target seatshift seatshift_bench
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
FUZZ_SECONDS=${FUZZ_SECONDS:-60} scripts/fuzz.sh
