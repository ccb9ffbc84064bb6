#!/usr/bin/env bash
# The portal in a real browser: a fresh demo fleet of 50 customers in a temporary SQLite file,
# `seatshift serve` on a free port of 127.0.0.1 with a simulated clock and the built portal, then
# web/tests/portal.test.mjs (playwright-core driving /usr/bin/chromium, axe-core). The server is
# stopped whatever happens; screenshots stay in ARTIFACTS.
#
#   tests/e2e/portal_browser_test.sh PROJECT_DIR SEATSHIFT_BINARY ARTIFACTS
# REQUIRES: npm ci and npm run build done in web/ (scripts/test.sh does both).
set -euo pipefail
project=$(cd "$1" && pwd)
binary=$2
artifacts=$3
work=$(mktemp -d)
server=
cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
    kill -TERM "$server"
    wait "$server" || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "portal browser test: $*" >&2
  cat "$work/server.log" >&2 || true
  exit 1
}

[ -f "$project/web/dist/index.html" ] || fail "the portal is not built (npm run build in web/)"
rm -rf "$artifacts"
mkdir -p "$artifacts"

"$binary" --db "$work/seatshift.db" demo seed --customers 50 --users-per-customer 5 --seed 7 \
  >"$work/seed.log" 2>&1 || fail "seeding failed: $(cat "$work/seed.log")"
"$binary" --db "$work/seatshift.db" serve --listen 127.0.0.1:0 --access-log none \
  --simulated-clock --web-root "$project/web/dist" --migration-poll 1 >"$work/server.log" 2>&1 &
server=$!

line=$(timeout 120 tail -n +1 -f --pid="$server" "$work/server.log" | grep -m1 'listening on' || true)
[ -n "$line" ] || fail "the server never listened"
port=$(sed -nE 's#.*listening on http://127\.0\.0\.1:([0-9]+).*#\1#p' <<<"$line")
[ -n "$port" ] || fail "no port in: $line"

cd "$project/web"
PORTAL_URL="http://127.0.0.1:$port" PORTAL_ARTIFACTS="$artifacts" \
  node --test --test-reporter=spec tests/portal.test.mjs
