#!/usr/bin/env bash
# The main job: build seatshift and give it a demo fleet in ./seatshift.db (SQLite, nothing to
# set up), then print what an agent sees first. Safe to run again: an existing fleet is kept.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" --target seatshift

db=${SEATSHIFT_DB:-seatshift.db}
seatshift() { build/seatshift --db "$db" "$@"; }

if [ "$(seatshift --json customers list --size 1 | jq .totalCount)" -eq 0 ]; then
  seatshift demo seed --customers "${DEMO_CUSTOMERS:-500}" --users-per-customer "${DEMO_USERS:-40}" \
    --seed "${DEMO_SEED:-1}"
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
echo "Database: $db. Try: build/seatshift --help"
