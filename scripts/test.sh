#!/usr/bin/env bash
# The whole test suite: installs what it needs, builds with AddressSanitizer and
# UndefinedBehaviorSanitizer, checks formatting, and runs every test through CTest.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh

if command -v clang-format >/dev/null; then
  git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run --Werror
fi

# The OpenAPI validator (from the npm registry, pinned by api-spec/package-lock.json).
(cd api-spec && npm ci --no-audit --no-fund --loglevel=error)

cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DSEATSHIFT_SANITIZE=ON >/dev/null
cmake --build build-asan -j2
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir build-asan --output-on-failure -j2

# The libFuzzer target over request parsing, routing and the JSON handlers, for a bounded time.
FUZZ_SECONDS=${FUZZ_SECONDS:-60} scripts/fuzz.sh
