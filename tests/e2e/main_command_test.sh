#!/usr/bin/env bash
# The README's main command, run as a new user runs it: scripts/run.sh with the default demo
# fleet, on a temporary database and a free port (through its environment variables). It must
# seed, print its summary and the demo agents' sign-ins, serve /healthz and the portal at /,
# accept the admin token it wrote on an API route and a demo agent's password, and stop with
# exit code 0 on SIGTERM.
#
#   tests/e2e/main_command_test.sh PROJECT_DIR
set -euo pipefail
project=$(cd "$1" && pwd)
work=$(mktemp -d)
server=
cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then kill -KILL "$server" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "main command: $*" >&2
  echo "--- its output ---" >&2
  cat "$work/out.log" >&2 || true
  exit 1
}

# Port 0: the kernel picks a free port; the server prints the one it bound.
SEATSHIFT_DB="$work/seatshift.db" SEATSHIFT_TOKEN_FILE="$work/admin.token" \
  SEATSHIFT_LISTEN=127.0.0.1:0 "$project/scripts/run.sh" >"$work/out.log" 2>&1 &
server=$!

# Waits (bounded, on the log's own growth: tail follows it with inotify) for the line the
# server prints once it accepts connections, or for the script to end first.
line=$(timeout 900 tail -n +1 -f --pid="$server" "$work/out.log" | grep -m1 'listening on' || true)
[ -n "$line" ] || fail "never served (exit $(wait "$server"; echo $?))"
port=$(sed -nE 's#.*listening on http://127\.0\.0\.1:([0-9]+).*#\1#p' <<<"$line")
[ -n "$port" ] || fail "no port in: $line"
base="http://127.0.0.1:$port"

grep -q 'SKUs past end of sale' "$work/out.log" || fail "no catalog summary"
grep -q 'subscription(s) with auto-renew off end within 30 days' "$work/out.log" \
  || fail "no expiring report"
grep -q 'Service plans users lose by' "$work/out.log" || fail "no service-loss summary"

grep -qE 'sales_agent +sales@partner\.example +sales-demo-pass' "$work/out.log" \
  || fail "no demo agents' sign-ins"

# call METHOD PATH [BODY] [CURL_OPTION...]: the answer's body in $work/answer and its status in
# $status; the exchange is kept for the contract check at the end.
call() {
  local method=$1 path=$2 body=${3:-} out
  shift $(($# < 3 ? $# : 3))
  local send=()
  [ -z "$body" ] || send=(-H 'Content-Type: application/json' --data-binary "$body")
  out=$(curl -sS --max-time 30 -X "$method" -o "$work/answer" -w '%{http_code}\t%{content_type}' \
    "${send[@]}" "$@" "$base$path") || return 1
  status=${out%%$'\t'*}
  jq -nc --arg m "$method" --arg t "$path" --arg rb "$body" --arg rct "${body:+application/json}" \
    --argjson s "$status" --arg ct "${out#*$'\t'}" --rawfile b "$work/answer" \
    '{method: $m, target: $t, requestContentType: $rct, requestBody: $rb, status: $s,
      contentType: $ct, body: $b}' >>"$work/exchanges.jsonl"
}

call GET /healthz || fail "/healthz unreachable"
health=$(cat "$work/answer")
portal=$(curl -sS --max-time 10 "$base/") || fail "the portal is unreachable"
grep -q '<div id="app">' <<<"$portal" || fail "/ is not the portal: $portal"
call POST /v1/session '{"email": "sales@partner.example", "password": "sales-demo-pass"}' \
  -H 'X-Requested-With: seatshift-portal' || fail "sign-in unreachable"
[ "$status" = 201 ] || fail "the sales demo agent's sign-in answered $status: $(cat "$work/answer")"
[ "$(jq -r .status <<<"$health")" = ok ] || fail "/healthz answered: $health"

[ "$(stat -c %a "$work/admin.token")" = 600 ] || fail "the token file is not mode 600"
token=$(cat "$work/admin.token")
[ -n "$token" ] || fail "empty token file"
call GET '/v1/customers?size=1' '' -H "Authorization: Bearer $token" || fail "API unreachable"
[ "$status" = 200 ] || fail "GET /v1/customers answered $status: $(cat "$work/answer")"
count=$(jq .totalCount "$work/answer")
[ "$count" = 500 ] || fail "the default demo fleet has $count customers, not 500"
# The procedure's first step: the subscriptions whose auto-renew is off.
call GET '/v1/subscriptions?autoRenewEnabled=false&status=active' '' \
  -H "Authorization: Bearer $token" || fail "API unreachable"
[ "$status" = 200 ] || fail "the expiring report answered $status: $(cat "$work/answer")"
call GET '/v1/customers?size=1' || fail "API unreachable"
[ "$status" = 401 ] || fail "an anonymous request answered $status, not 401"

# Every answer above as api-spec/openapi.json documents it.
violations=$(node "$project/api-spec/check-exchanges.mjs" "$project/api-spec/openapi.json" \
  <"$work/exchanges.jsonl" | jq -r '.violations[]') || fail "the contract check did not run"
[ -z "$violations" ] || fail "answers that break the published contract:
$violations"

kill -TERM "$server"
code=0
wait "$server" || code=$?
server=
[ "$code" -eq 0 ] || fail "exit code $code after SIGTERM, not 0"
echo "main command: seeded 500 customers, served the portal and the API on port $port, stopped cleanly"
