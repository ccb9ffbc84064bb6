#!/usr/bin/env bash
# Installs the Debian 12 packages seatshift builds and tests with, when any is missing.
set -euo pipefail

packages=(
  build-essential cmake
  libboost1.81-all-dev libsqlite3-dev sqlite3 libcsv-dev libcli11-dev libspdlog-dev libfmt-dev
  libsodium-dev libpq-dev libgtest-dev libbenchmark-dev jq curl
  # the test suite's own tools: formatting check, OpenAPI validator (Node.js)
  clang-format nodejs npm
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}"
fi
