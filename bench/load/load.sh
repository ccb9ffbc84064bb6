#!/usr/bin/env bash
# HTTP load benchmark of the seatshift API server with wrk (Debian's, with its LuaJIT scripts).
#
# What it does, on a throwaway database that it removes at the end:
#   1. installs wrk, jq and curl with apt-get when missing; builds the seatshift target;
#   2. seeds the demo fleet (1,000 customers x 100 users, every user holding one license) and
#      creates an admin agent token;
#   3. starts `seatshift serve` on a free port of 127.0.0.1 (all traffic stays on 127.0.0.1) and
#      waits for /healthz; fetches the ids it needs through the API (GET /v1/customers?size=1000,
#      GET /v1/customers/{id}/users?size=100, GET /v1/subscriptions?offerId=KAIZALA_PRO...);
#   4. buys, through the API (POST .../orders), an SPE_E3 subscription with a seat per user for
#      the customers of the swap scenario (200 still on Kaizala Pro, plus 20 for its warm-up);
#   5. runs wrk for each scenario (a short warm-up first, not counted):
#        healthz             GET /healthz, the server's own ceiling, measured in the same run
#        customer-get        GET /v1/customers/{customerId}                       (random customer)
#        subscriptions-list  GET /v1/customers/{customerId}/subscriptions         (random customer)
#        licenses-get        GET /v1/customers/{customerId}/users/{userId}/licenses (random user)
#        swap                POST /v1/customers/{customerId}/users/{userId}/licenseupdates,
#                            KAIZALA_PRO -> SPE_E3 and back; every request is a valid swap (see
#                            swap.lua: each wrk thread owns its users, one request per user at a
#                            time, the direction follows the user's last answer)
#      Any answer that is not 2xx, and any socket error or timeout, counts as an error;
#   6. stops the server with SIGTERM (it must exit 0 within 15 s), checks that the database holds
#      the swaps the server answered 2xx for, and prints the table:
#        scenario, req/s, p50, p99, ratio to /healthz, errors, target, verdict, and the cores
#        the server, wrk and other processes used (wrk shares the machine with the server;
#        other processes' load is flagged, as it understates the server)
#      Targets (2 cores): read routes >= 0.5 x /healthz; durable swaps >= 5,000/s; 0 errors.
#
# Exit status: 0 when every target is met with 0 errors, 1 otherwise (the table is printed
# either way), 2 when the benchmark itself could not run.
#
# Environment (defaults in brackets):
#   LOAD_DURATION [10s]  LOAD_CONNECTIONS [64]  LOAD_THREADS [2]  LOAD_TIMEOUT [5s]
#   LOAD_WARMUP [2s] (0: none)      LOAD_SCENARIOS [all five; healthz always runs]
#   LOAD_CUSTOMERS [1000]  LOAD_USERS [100] (at most 1000)  LOAD_SEED [1]
#   LOAD_SWAP_CUSTOMERS [200]       LOAD_SERVER_THREADS [server default: one I/O thread per core]
#   LOAD_SERVER_WORKERS [server default: 8 request workers]
#   LOAD_BUILD_DIR [<repo>/build]   LOAD_SKIP_BUILD [0]   LOAD_KEEP [0] (1: keep the temp dir)
set -euo pipefail

SELF=$(readlink -f "${BASH_SOURCE[0]}")
LUA_DIR=$(dirname "$SELF")
ROOT=$(cd "$LUA_DIR/../.." && pwd)

DURATION=${LOAD_DURATION:-10s}
CONNECTIONS=${LOAD_CONNECTIONS:-64}
THREADS=${LOAD_THREADS:-2}
TIMEOUT=${LOAD_TIMEOUT:-5s}
WARMUP=${LOAD_WARMUP:-2s}
SCENARIOS=${LOAD_SCENARIOS:-healthz customer-get subscriptions-list licenses-get swap}
CUSTOMERS=${LOAD_CUSTOMERS:-1000}
USERS=${LOAD_USERS:-100}
SEED=${LOAD_SEED:-1}
SWAP_CUSTOMERS=${LOAD_SWAP_CUSTOMERS:-200}
WARM_SWAP_CUSTOMERS=$(((SWAP_CUSTOMERS + 9) / 10))
SERVER_THREADS=${LOAD_SERVER_THREADS:-0}
SERVER_WORKERS=${LOAD_SERVER_WORKERS:-0}
BUILD_DIR=${LOAD_BUILD_DIR:-$ROOT/build}
READ_TARGET=0.5     # read routes: at least this share of /healthz
SWAP_TARGET=5000    # durable swaps per second

say() { printf '[load %3ds] %s\n' "$SECONDS" "$*" >&2; }
die() {
  printf '[load] error: %s\n' "$*" >&2
  exit 2
}

[[ $USERS -ge 1 && $USERS -le 1000 ]] || die "LOAD_USERS must be 1..1000 (one page of users)"
[[ $THREADS -ge 1 && $CONNECTIONS -ge $THREADS ]] || die "need LOAD_CONNECTIONS >= LOAD_THREADS >= 1"
[[ " $SCENARIOS " == *" healthz "* ]] || SCENARIOS="healthz $SCENARIOS"
for s in $SCENARIOS; do
  case $s in
    healthz | customer-get | subscriptions-list | licenses-get | swap) ;;
    *) die "unknown scenario '$s' in LOAD_SCENARIOS" ;;
  esac
done

# --- tools ----------------------------------------------------------------------------------
missing=()
for tool in wrk jq curl; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if ((${#missing[@]})); then
  SUDO=()
  [[ $(id -u) -eq 0 ]] || SUDO=(sudo)
  say "installing ${missing[*]}"
  "${SUDO[@]}" apt-get update -qq
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# --- build ----------------------------------------------------------------------------------
S=$BUILD_DIR/seatshift
if [[ ${LOAD_SKIP_BUILD:-0} != 1 ]]; then
  say "building seatshift in $BUILD_DIR"
  build_log=$(mktemp)
  if ! { cmake -S "$ROOT" -B "$BUILD_DIR" && cmake --build "$BUILD_DIR" -j"$(nproc)" --target seatshift; } >"$build_log" 2>&1; then
    tail -n 40 "$build_log" >&2
    rm -f "$build_log"
    die "the build failed"
  fi
  rm -f "$build_log"
fi
[[ -x $S ]] || die "no $S"

# --- temp dir, server lifetime --------------------------------------------------------------
TMP=$(mktemp -d "${TMPDIR:-/tmp}/seatshift-load.XXXXXX")
DB=$TMP/load.db
SERVER_PID=""
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
  local rc=$?
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  if [[ ${LOAD_KEEP:-0} == 1 ]]; then
    say "kept $TMP"
  else
    rm -rf "$TMP"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- data -----------------------------------------------------------------------------------
say "seeding $CUSTOMERS customers x $USERS users (seed $SEED)"
"$S" --db "$DB" demo seed --customers "$CUSTOMERS" --users-per-customer "$USERS" --seed "$SEED" >&2
TOKEN=$("$S" --db "$DB" --json agents create --email load-bench@seatshift.invalid --role admin_agent 2>/dev/null | jq -r .token)
[[ -n $TOKEN && $TOKEN != null ]] || die "could not create an agent token"

# --- server ---------------------------------------------------------------------------------
# Throttling off: one admin token drives tens of thousands of requests a second here, far past
# the per-agent and per-customer defaults (which exist to stop exactly that).
server_args=(--db "$DB" serve --listen 127.0.0.1:0 --access-log none
  --agent-requests-per-minute 0 --customer-writes-per-minute 0)
[[ $SERVER_THREADS == 0 ]] || server_args+=(--threads "$SERVER_THREADS")
[[ $SERVER_WORKERS == 0 ]] || server_args+=(--workers "$SERVER_WORKERS")
"$S" "${server_args[@]}" >"$TMP/server.out" 2>"$TMP/server.err" &
SERVER_PID=$!
PORT=""
for _ in $(seq 200); do
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$TMP/server.err" >&2; die "the server exited at start"; }
  PORT=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$TMP/server.err")
  [[ -n $PORT ]] && break
  sleep 0.05
done
[[ -n $PORT ]] || die "the server did not report its port"
BASE=http://127.0.0.1:$PORT
for _ in $(seq 200); do
  curl -fsS -o /dev/null "$BASE/healthz" 2>/dev/null && break
  sleep 0.05
done
curl -fsS -o /dev/null "$BASE/healthz" || die "GET /healthz does not answer 200"
say "server pid $SERVER_PID on $BASE"

api() { curl -fsS -H "Authorization: Bearer $TOKEN" "$@"; }

# Every item of a collection, following continuation tokens: api_items PATH JQ_FILTER
api_items() {
  local path=$1 filter=$2 token="" page sep
  while :; do
    sep='?'
    [[ $path == *'?'* ]] && sep='&'
    if [[ -n $token ]]; then
      page=$(api "$BASE$path${sep}continuationToken=$(jq -rn --arg t "$token" '$t|@uri')")
    else
      page=$(api "$BASE$path")
    fi
    jq -r ".items[] | $filter" <<<"$page"
    token=$(jq -r '.continuationToken // empty' <<<"$page")
    [[ -n $token ]] || break
  done
}

say "fetching ids through the API"
api_items "/v1/customers?size=1000" '.id' >"$TMP/customers.txt"
[[ $(wc -l <"$TMP/customers.txt") -eq $CUSTOMERS ]] || die "GET /v1/customers listed $(wc -l <"$TMP/customers.txt") customers, expected $CUSTOMERS"

# One curl for all the users pages (kept-alive connection); answers come back in order.
sed "s|.*|url = \"$BASE/v1/customers/&/users?size=$USERS\"|" "$TMP/customers.txt" >"$TMP/users.curl"
api -K "$TMP/users.curl" |
  jq -r 'if .totalCount != (.items | length) then error("a users page is incomplete") else [.items[].id] | join(" ") end' \
    >"$TMP/users.rows"
[[ $(wc -l <"$TMP/users.rows") -eq $CUSTOMERS ]] || die "fetched $(wc -l <"$TMP/users.rows") users pages, expected $CUSTOMERS"
paste -d' ' "$TMP/customers.txt" "$TMP/users.rows" |
  awk '{ for (i = 2; i <= NF; ++i) print $1, $i }' >"$TMP/users.txt"
[[ $(wc -l <"$TMP/users.txt") -eq $((CUSTOMERS * USERS)) ]] || die "fetched $(wc -l <"$TMP/users.txt") users, expected $((CUSTOMERS * USERS))"

if [[ " $SCENARIOS " == *" swap "* ]]; then
  # Customers still on Kaizala Pro: each of their users holds KAIZALA_PRO.
  api_items "/v1/subscriptions?status=active&offerId=KAIZALA_PRO&size=1000" '.customerId' |
    awk '!seen[$0]++' >"$TMP/kaizala_customers.txt"
  need=$((SWAP_CUSTOMERS + WARM_SWAP_CUSTOMERS))
  [[ $(wc -l <"$TMP/kaizala_customers.txt") -ge $need ]] ||
    die "only $(wc -l <"$TMP/kaizala_customers.txt") customers on Kaizala Pro; the swap scenario needs $need"
  head -n "$SWAP_CUSTOMERS" "$TMP/kaizala_customers.txt" >"$TMP/swap_customers.txt"
  sed -n "$((SWAP_CUSTOMERS + 1)),${need}p" "$TMP/kaizala_customers.txt" >"$TMP/swap_warm_customers.txt"
  cat "$TMP/swap_customers.txt" "$TMP/swap_warm_customers.txt" >"$TMP/swap_all_customers.txt"
  awk 'NR == FNR { keep[$1] = 1; next } keep[$1]' "$TMP/swap_customers.txt" "$TMP/users.txt" >"$TMP/swap_users.txt"
  awk 'NR == FNR { keep[$1] = 1; next } keep[$1]' "$TMP/swap_warm_customers.txt" "$TMP/users.txt" >"$TMP/swap_warm_users.txt"
  for f in swap_users swap_warm_users; do
    [[ $(wc -l <"$TMP/$f.txt") -ge $((2 * CONNECTIONS + THREADS)) ]] ||
      die "$f: $(wc -l <"$TMP/$f.txt") users; need at least 2 x connections (raise LOAD_SWAP_CUSTOMERS)"
  done

  say "buying SPE_E3 x $USERS for $need customers (POST /v1/customers/{id}/orders)"
  order=$(jq -cn --argjson q "$USERS" '{lineItems: [{lineItemNumber: 0, offerId: "SPE_E3", quantity: $q}]}')
  while read -r cid; do
    code=$(curl -sS -o "$TMP/order.json" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
      -H 'Content-Type: application/json' -d "$order" "$BASE/v1/customers/$cid/orders")
    [[ $code == 201 ]] || die "order for $cid answered $code: $(cat "$TMP/order.json")"
  done <"$TMP/swap_all_customers.txt"
fi

# --- scenarios ------------------------------------------------------------------------------
# CPU accounting, to tell how the cores were shared: busy ticks of the whole machine (interrupt
# time, mostly loopback networking, is left out) and of the server; wrk's own time comes from
# `time`. What is left was used by other processes (a busy machine understates the server).
TICKS=$(getconf CLK_TCK)
machine_busy() { awk '/^cpu / { print $2 + $3 + $4 + $9 }' /proc/stat; }  # user nice system steal
server_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$SERVER_PID/stat"; }

# run_wrk LABEL LUA IDS DURATION: wrk's output in $TMP/LABEL.out; on stdout its LOADRESULT line
# with the CPU used (in cores: server, wrk, other processes) appended.
run_wrk() {
  local label=$1 lua=$2 ids=$3 duration=$4 out=$TMP/$1.out
  local m0 s0 t0 m1 s1 t1 TIMEFORMAT='%3U %3S'
  m0=$(machine_busy) s0=$(server_ticks) t0=$(date +%s%N)
  if ! { time LOAD_TOKEN=$TOKEN LOAD_IDS=$ids LOAD_THREADS=$THREADS \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$duration" --timeout "$TIMEOUT" --latency \
    -s "$LUA_DIR/$lua" "$BASE" >"$out" 2>&1; } 2>"$TMP/$label.time"; then
    cat "$out" >&2
    die "wrk failed on $label"
  fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    cat "$out" >&2
    tail -n 40 "$TMP/server.err" >&2
    die "the server died during $label (see its stderr above)"
  fi
  m1=$(machine_busy) s1=$(server_ticks) t1=$(date +%s%N)
  grep -q '^LOADRESULT ' "$out" || { cat "$out" >&2; die "no result from wrk on $label"; }
  printf '%s %s\n' "$(grep '^LOADRESULT ' "$out")" "$(awk -v m=$((m1 - m0)) -v s=$((s1 - s0)) \
    -v ns=$((t1 - t0)) -v hz="$TICKS" '{ w = ($1 + $2) * hz; wall = ns / 1e9 * hz;
      o = m - s - w; if (o < 0) o = 0;
      printf "cpu_server=%.2f cpu_wrk=%.2f cpu_other=%.2f", s / wall, w / wall, o / wall }' \
    "$TMP/$label.time")"
  if grep -q '^LOADSAMPLE ' "$out"; then
    say "$label: first error: $(sed -n 's/^LOADSAMPLE //p' "$out" | head -n 1)"
  fi
}

# field NAME LINE: the value of NAME=... in a LOADRESULT line.
field() { sed -n "s/.* $1=\([0-9.-]*\).*/\1/p" <<<"$2"; }
errors_of() {
  echo $(($(field non2xx "$1") + $(field connect "$1") + $(field read "$1") + $(field write "$1") + $(field timeout "$1")))
}

declare -A RESULT WARM_ERRORS
for scenario in $SCENARIOS; do
  case $scenario in
    healthz) lua=healthz.lua ids=/dev/null warm_ids=/dev/null ;;
    customer-get) lua=customer_get.lua ids=$TMP/customers.txt warm_ids=$ids ;;
    subscriptions-list) lua=subscriptions_list.lua ids=$TMP/customers.txt warm_ids=$ids ;;
    licenses-get) lua=licenses_get.lua ids=$TMP/users.txt warm_ids=$ids ;;
    swap) lua=swap.lua ids=$TMP/swap_users.txt warm_ids=$TMP/swap_warm_users.txt ;;
  esac
  WARM_ERRORS[$scenario]=0
  if [[ $WARMUP != 0 && $WARMUP != 0s ]]; then
    say "$scenario: warm-up $WARMUP"
    warm=$(run_wrk "$scenario-warmup" "$lua" "$warm_ids" "$WARMUP")
    WARM_ERRORS[$scenario]=$(errors_of "$warm")
    [[ $scenario == swap ]] && SWAP_WARM_RESULT=$warm
  fi
  say "$scenario: wrk -t$THREADS -c$CONNECTIONS -d$DURATION"
  RESULT[$scenario]=$(run_wrk "$scenario" "$lua" "$ids" "$DURATION")
done

# --- stop the server (gracefully) -----------------------------------------------------------
say "stopping the server (SIGTERM)"
SERVER_PROBLEM=""
kill -TERM "$SERVER_PID"
for _ in $(seq 150); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$SERVER_PID" 2>/dev/null; then
  SERVER_PROBLEM="the server did not stop within 15 s of SIGTERM (killed)"
  kill -KILL "$SERVER_PID" 2>/dev/null || true
fi
server_rc=0
wait "$SERVER_PID" || server_rc=$?
SERVER_PID=""
if [[ -z $SERVER_PROBLEM && $server_rc -ne 0 ]]; then
  SERVER_PROBLEM="the server exited with status $server_rc after SIGTERM"
fi
if grep -qiE 'internal error|storage error' "$TMP/server.err"; then
  SERVER_PROBLEM="${SERVER_PROBLEM:+$SERVER_PROBLEM; }the server logged: $(grep -iE 'internal error|storage error' "$TMP/server.err" | sort | uniq -c | head -n 3 | tr -s ' ' | tr '\n' ';')"
fi

# --- the swaps answered 2xx are in the database ---------------------------------------------
STATE_CHECK=""
if [[ -n ${RESULT[swap]:-} ]]; then
  on=$(field on_target "${RESULT[swap]}")
  low=$((on - $(field pending_to_source "${RESULT[swap]}")))
  high=$((on + $(field pending_to_target "${RESULT[swap]}")))
  if [[ -n ${SWAP_WARM_RESULT:-} ]]; then
    on=$(field on_target "$SWAP_WARM_RESULT")
    low=$((low + on - $(field pending_to_source "$SWAP_WARM_RESULT")))
    high=$((high + on + $(field pending_to_target "$SWAP_WARM_RESULT")))
  fi
  held=0
  while read -r cid; do
    n=$("$S" --db "$DB" --json licenses skus --customer "$cid" |
      jq '[.items[] | select(.productSku.id == "SPE_E3") | .consumedUnits] | add // 0')
    held=$((held + n))
  done <"$TMP/swap_all_customers.txt"
  if ((held >= low && held <= high)); then
    STATE_CHECK="ok: $held users hold SPE_E3 in the database after shutdown; the 2xx answers account for $low..$high"
  else
    STATE_CHECK="MISMATCH: $held users hold SPE_E3 in the database after shutdown; the 2xx answers account for $low..$high"
  fi
fi

# --- report ---------------------------------------------------------------------------------
ceiling_line=${RESULT[healthz]}
rps_of() { awk -v n="$(field requests "$1")" -v us="$(field duration_us "$1")" 'BEGIN { printf "%.0f", n / (us / 1e6) }'; }
ms_of() { awk -v us="$(field "$1" "$2")" 'BEGIN { printf "%.2f ms", us / 1000 }'; }
ceiling=$(rps_of "$ceiling_line")

echo
echo "seatshift HTTP load: $CUSTOMERS customers x $USERS users; wrk -t$THREADS -c$CONNECTIONS -d$DURATION (+ ${WARMUP} warm-up); $(nproc) cores"
echo "commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown); server and wrk share the machine; all on 127.0.0.1"
echo
row() { printf '%-20s %9s %10s %10s %6s %7s  %-16s %-14s %s\n' "$@"; }
row scenario 'req/s' p50 p99 ratio errors target verdict 'cpu srv/wrk/other'
row -------------------- --------- ---------- ---------- ------ ------- ---------------- -------------- -----------------
busy_machine=0
failed=0
for scenario in $SCENARIOS; do
  line=${RESULT[$scenario]}
  rps=$(rps_of "$line")
  ratio=$(awk -v a="$rps" -v b="$ceiling" 'BEGIN { printf "%.2f", a / b }')
  errors=$(($(errors_of "$line") + ${WARM_ERRORS[$scenario]}))
  case $scenario in
    healthz)
      target="ceiling"
      met=1
      ;;
    swap)
      target=">= $SWAP_TARGET/s"
      met=$(awk -v r="$rps" -v t="$SWAP_TARGET" 'BEGIN { print (r >= t) ? 1 : 0 }')
      ;;
    *)
      target=">= $READ_TARGET x healthz"
      met=$(awk -v r="$ratio" -v t="$READ_TARGET" 'BEGIN { print (r >= t) ? 1 : 0 }')
      ;;
  esac
  if ((errors > 0)); then
    verdict="FAIL (errors)"
  elif ((met)); then
    verdict="PASS"
  else
    verdict="FAIL"
  fi
  [[ $verdict == PASS ]] || failed=1
  row "$scenario" "$rps" "$(ms_of p50_us "$line")" "$(ms_of p99_us "$line")" "$ratio" \
    "$errors" "$target" "$verdict" \
    "$(field cpu_server "$line")/$(field cpu_wrk "$line")/$(field cpu_other "$line")"
  if awk -v o="$(field cpu_other "$line")" 'BEGIN { exit !(o > 0.15) }'; then busy_machine=1; fi
done
echo
echo "errors: non-2xx answers + socket errors + timeouts (> $TIMEOUT), warm-up included"
echo "cpu: cores used during the measured run by the server, by wrk, and by other processes"
if ((busy_machine)); then
  echo "warning: other processes used CPU during some runs; those figures understate the server"
fi
if [[ -n $STATE_CHECK ]]; then
  echo "swap state check: $STATE_CHECK"
  [[ $STATE_CHECK == ok:* ]] || failed=1
fi
if [[ -n $SERVER_PROBLEM ]]; then
  echo "server: $SERVER_PROBLEM"
  failed=1
else
  echo "server: stopped cleanly on SIGTERM"
fi
exit "$failed"
