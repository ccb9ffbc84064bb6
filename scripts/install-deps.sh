#!/usr/bin/env bash
# Installs the Debian 12 packages seatshift builds and runs with, when any is missing.
#   scripts/install-deps.sh          # what scripts/run.sh needs (Node.js and npm build the portal)
#   scripts/install-deps.sh --test   # also the test suite's own tools (clang-format; clang-14
#                                    # and its sanitizer and libFuzzer runtimes for the sanitized
#                                    # build, and lld to link it; Chromium for the portal's
#                                    # browser tests; a PostgreSQL server for the tests'
#                                    # throwaway cluster)
set -euo pipefail

packages=(
  build-essential cmake
  libboost1.81-all-dev libsqlite3-dev sqlite3 libcsv-dev libcli11-dev libspdlog-dev libfmt-dev
  libsodium-dev libpq-dev libzip-dev libssl-dev ca-certificates libgtest-dev libbenchmark-dev jq
  curl
)
case "${1:-}" in
  --test) packages+=(clang-format clang-14 libclang-rt-14-dev lld chromium postgresql) ;;
  "") ;;
  *) echo "usage: $0 [--test]" >&2; exit 2 ;;
esac

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js and npm are judged by their commands: a machine may already have a Node.js of its own
# (NodeSource's bundles npm and conflicts with Debian's npm package).
if ! { command -v node && command -v npm; } >/dev/null; then
  missing+=(nodejs npm)
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}"
fi
