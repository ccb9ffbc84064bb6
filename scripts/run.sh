#!/usr/bin/env bash
# The main job: build seatshift and its web portal, give it a demo fleet in ./seatshift.db
# (SQLite, nothing to set up) with one demo agent per role, print what an agent sees first, then
# serve the portal and the REST API on 127.0.0.1:8080 until Ctrl-C.
# Safe to run again: an existing fleet and its admin token are kept.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target seatshift
# The portal (TypeScript, built by Vite into web/dist, which `serve` serves at /): npm ci when
# the lock file changed since the last install, a build when a source is newer than the last
# build (a build in progress empties web/dist, which a running server may be serving).
(
  cd web
  [ node_modules/.package-lock.json -nt package-lock.json ] \
    || npm ci --no-audit --no-fund --loglevel=error
  if [ ! -f dist/index.html ] || [ -n "$(find src index.html vite.config.ts tsconfig.json \
      package-lock.json ../api-spec/openapi.json -newer dist/index.html -print -quit)" ]; then
    npm run --silent build >/dev/null
  fi
)

db=${SEATSHIFT_DB:-seatshift.db}
seatshift() { build/seatshift --db "$db" "$@"; }

fresh=0
if [ "$(seatshift --json customers list --size 1 | jq .totalCount)" -eq 0 ]; then
  fresh=1
  seatshift demo seed --customers "${DEMO_CUSTOMERS:-500}" --users-per-customer "${DEMO_USERS:-40}" \
    --seed "${DEMO_SEED:-1}"
  # Illustrative files in Partner Center's formats (docs/prices.md): the offer matrix, then
  # December's price list; the replacement plans are priced from it, Kaizala from the catalog.
  echo
  echo "== Microsoft's offer matrix and price list (illustrative) =="
  seatshift catalog offer-matrix data/prices/offer-matrix-2026-12.csv
  seatshift prices import data/prices/pricelist-2026-12.csv
fi

echo
echo "== SKUs past end of sale (their subscriptions no longer renew) =="
seatshift catalog list --purchasable false
echo
echo "== First customers =="
seatshift customers list --size 5
first=$(seatshift --json customers list --size 1 | jq -r '.items[0].companyProfile.domain')
echo
echo "== $first: seats per SKU =="
seatshift licenses skus --customer "$first"
echo
echo "== $first: subscriptions =="
seatshift subscriptions list --customer "$first"
echo
echo "== Subscriptions with auto-renew off ending within 30 days (first 10) =="
seatshift report expiring --within-days 30 --limit 10
today=$(seatshift --json clock show | jq -r '.now[0:10]')  # the database's today (may be simulated)
by=$(date -u -d "$today +90 days" +%F)
echo
echo "== Service plans users lose by $by if nothing is done =="
seatshift --json report service-loss --by "$by" \
  | jq -r '.plans[] | "\(.users) users lose \(.displayName) (first on \(.earliestLoss))"'

token_file=${SEATSHIFT_TOKEN_FILE:-seatshift-admin.token}
if [ "$fresh" -eq 1 ] || [ ! -s "$token_file" ]; then
  admin=admin@partner.example
  { seatshift --json agents create --email "$admin" --role admin_agent 2>/dev/null \
      || seatshift --json agents rotate "$admin" 2>/dev/null; } | jq -r .token > "$token_file"
  chmod 600 "$token_file"
fi
listen=${SEATSHIFT_LISTEN:-127.0.0.1:8080}
echo
echo "== Web portal: http://$listen/ (the real port is in the 'portal at' line below) =="
echo "   Sign in as one of the demo agents (role, email, password):"
seatshift demo agents | sed 's/^/   /'
echo
echo "== REST API on http://$listen (admin token in $token_file) =="
echo "   curl -H \"Authorization: Bearer \$(cat $token_file)\" http://$listen/v1/subscriptions?autoRenewEnabled=false&status=active"
echo "   OpenAPI: http://$listen/openapi.json   metrics: /metrics   health: /healthz"
# The demo runs on a simulated clock kept in the database (POST /v1/clock/advance {"days": N}
# as admin moves it and applies renewals, expiries and deprovisioning); SEATSHIFT_REAL_CLOCK=1
# serves on the real clock instead (a database once simulated stays simulated).
clock=(--simulated-clock)
if [ "${SEATSHIFT_REAL_CLOCK:-0}" = 1 ]; then clock=(); fi
echo "   clock: curl -H \"Authorization: Bearer \$(cat $token_file)\" -H 'Content-Type: application/json' -d '{\"days\":30}' http://$listen/v1/clock/advance"
exec build/seatshift --db "$db" serve --listen "$listen" --access-log "${SEATSHIFT_ACCESS_LOG:-none}" \
  "${clock[@]}"
