#!/usr/bin/env bash
# HTTP load benchmark of the seatshift API server with wrk (Debian's, with its LuaJIT scripts).
#
# What it does, on a throwaway database that it removes at the end:
#   1. installs wrk, jq and curl with apt-get when missing; builds the seatshift target; with
#      LOAD_BACKEND=postgresql starts a throwaway durable PostgreSQL cluster on 127.0.0.1
#      (scripts/pg-cluster.sh, SEATSHIFT_PG_DURABLE=1), stopped and removed on exit;
#   2. seeds the demo fleet (1,000 customers x 100 users, every user holding one license) and
#      creates an admin agent token;
#   3. starts `seatshift serve` on a free port of 127.0.0.1 (all traffic stays on 127.0.0.1) and
#      waits for /healthz (LOAD_SERVERS=2: two servers on the one PostgreSQL database); fetches the ids it needs through the API (GET /v1/customers?size=1000,
#      GET /v1/customers/{id}/users?size=100, GET /v1/subscriptions?offerId=KAIZALA_PRO...);
#   4. buys, through the API (POST .../orders), an SPE_E3 subscription with a seat per user for
#      the customers of the swap scenario (200 still on Kaizala Pro, plus 20 for its warm-up;
#      twice that with two servers: swap-2servers gets customers of its own);
#   5. runs wrk for each scenario (a short warm-up first, not counted):
#        healthz             GET /healthz, the server's own ceiling, measured in the same run
#        customer-get        GET /v1/customers/{customerId}                       (random customer)
#        subscriptions-list  GET /v1/customers/{customerId}/subscriptions         (random customer)
#        licenses-get        GET /v1/customers/{customerId}/users/{userId}/licenses (random user)
#        swap                POST /v1/customers/{customerId}/users/{userId}/licenseupdates,
#                            KAIZALA_PRO -> SPE_E3 and back; every request is a valid swap (see
#                            swap.lua: each wrk thread owns its users, one request per user at a
#                            time, the direction follows the user's last answer)
#        swap-2servers       (LOAD_SERVERS=2) the swap scenario through both servers at once:
#                            one wrk per server, run together, each with the same -t/-c as the
#                            single-server run and half of the scenario's users (disjoint);
#                            req/s is their sum, p50/p99 the worse of the two, and the report
#                            compares it with the single server's swap figure of the same run
#      Any answer that is not 2xx, and any socket error or timeout, counts as an error;
#   6. stops the server with SIGTERM (it must exit 0 within 15 s), checks that the database holds
#      the swaps the server answered 2xx for, and prints the table:
#        scenario, req/s, p50, p99, ratio to /healthz, errors, target, verdict, and the cores
#        the server(s), PostgreSQL, wrk and other processes used (wrk shares the machine with
#        the server; other processes' load is flagged, as it understates the server)
#      Targets (2 cores), each a ratio to the /healthz of the same run: read routes (customer-get,
#      subscriptions-list, licenses-get) >= 0.6 x /healthz each; durable swaps >= 0.25 x /healthz;
#      0 errors everywhere (swap-2servers: 0 errors; its rate is reported against the single
#      server's). There is no absolute swaps/s target: a rate measures the machine (its cores,
#      whoever else uses them, how fast its disk flushes) as much as the server, and the same
#      build measured 3,600 to 6,400 swaps/s on one shared 2-core machine. /healthz of the same
#      run cancels the machine's speed, but neither the disk's flush latency (compare swap
#      ratios across machines with care) nor other processes' load: heavier routes lose more to
#      them than /healthz does, so judge the targets on runs without the busy-machine warning.
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
#   LOAD_BACKEND [sqlite] (postgresql: a throwaway durable cluster)
#   LOAD_SERVERS [1] (2: adds swap-2servers; needs LOAD_BACKEND=postgresql)
#   LOAD_BUILD_DIR [<repo>/build]   LOAD_SKIP_BUILD [0]   LOAD_KEEP [0] (1: keep the temp dir)
#
# Example, two servers on PostgreSQL, the swap scenario only:
#   LOAD_BACKEND=postgresql LOAD_SERVERS=2 LOAD_SCENARIOS=swap bench/load/load.sh
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
BACKEND=${LOAD_BACKEND:-sqlite}
SERVERS=${LOAD_SERVERS:-1}
READ_TARGET=0.6     # read routes: at least this share of /healthz each
SWAP_TARGET=0.25    # durable swaps: at least this share of /healthz

say() { printf '[load %3ds] %s\n' "$SECONDS" "$*" >&2; }
die() {
  printf '[load] error: %s\n' "$*" >&2
  exit 2
}

[[ $USERS -ge 1 && $USERS -le 1000 ]] || die "LOAD_USERS must be 1..1000 (one page of users)"
[[ $THREADS -ge 1 && $CONNECTIONS -ge $THREADS ]] || die "need LOAD_CONNECTIONS >= LOAD_THREADS >= 1"
[[ $BACKEND == sqlite || $BACKEND == postgresql ]] || die "LOAD_BACKEND must be sqlite or postgresql"
[[ $SERVERS == 1 || $SERVERS == 2 ]] || die "LOAD_SERVERS must be 1 or 2"
[[ $SERVERS == 1 || $BACKEND == postgresql ]] ||
  die "LOAD_SERVERS=2 needs LOAD_BACKEND=postgresql (servers share a database there)"
[[ " $SCENARIOS " == *" healthz "* ]] || SCENARIOS="healthz $SCENARIOS"
for s in $SCENARIOS; do
  case $s in
    healthz | customer-get | subscriptions-list | licenses-get | swap) ;;
    *) die "unknown scenario '$s' in LOAD_SCENARIOS" ;;
  esac
done
if ((SERVERS == 2)); then
  # The two-server figure is read against the single server's of the same run.
  [[ " $SCENARIOS " == *" swap "* ]] || SCENARIOS="$SCENARIOS swap"
  SCENARIOS="$SCENARIOS swap-2servers"
fi

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

# --- temp dir, server and database lifetime -------------------------------------------------
TMP=$(mktemp -d "${TMPDIR:-/tmp}/seatshift-load.XXXXXX")
DB=$TMP/load.db
SERVER_PIDS=()
SEATSHIFT_PG_DIR=""
PG_PID=""
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
  local rc=$? pid
  for pid in "${SERVER_PIDS[@]}"; do
    kill -0 "$pid" 2>/dev/null || continue
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  if [[ -n $SEATSHIFT_PG_DIR ]]; then "$ROOT/scripts/pg-cluster.sh" stop "$SEATSHIFT_PG_DIR" || true; fi
  if [[ ${LOAD_KEEP:-0} == 1 ]]; then
    say "kept $TMP"
  else
    rm -rf "$TMP"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ $BACKEND == postgresql ]]; then
  say "starting a durable PostgreSQL cluster"
  cluster_env=$(SEATSHIFT_PG_DURABLE=1 "$ROOT/scripts/pg-cluster.sh" start) || die "the cluster did not start"
  eval "$cluster_env"
  DB=$SEATSHIFT_TEST_POSTGRES
  PG_PID=$(head -n1 "$SEATSHIFT_PG_DIR/data/postmaster.pid")
fi

# --- data -----------------------------------------------------------------------------------
say "seeding $CUSTOMERS customers x $USERS users (seed $SEED)"
"$S" --db "$DB" demo seed --customers "$CUSTOMERS" --users-per-customer "$USERS" --seed "$SEED" >&2
TOKEN=$("$S" --db "$DB" --json agents create --email load-bench@seatshift.invalid --role admin_agent 2>/dev/null | jq -r .token)
[[ -n $TOKEN && $TOKEN != null ]] || die "could not create an agent token"

# --- servers --------------------------------------------------------------------------------
# Throttling off: one admin token drives tens of thousands of requests a second here, far past
# the per-agent and per-customer defaults (which exist to stop exactly that).
server_args=(--db "$DB" serve --listen 127.0.0.1:0 --access-log none
  --agent-requests-per-minute 0 --customer-writes-per-minute 0)
[[ $SERVER_THREADS == 0 ]] || server_args+=(--threads "$SERVER_THREADS")
[[ $SERVER_WORKERS == 0 ]] || server_args+=(--workers "$SERVER_WORKERS")
BASES=()
# start_server N: server N (0-based) on a free port; its pid in SERVER_PIDS[N], its URL in
# BASES[N], its stderr in $TMP/server-N.err.
start_server() {
  local n=$1 port="" err=$TMP/server-$1.err
  "$S" "${server_args[@]}" >"$TMP/server-$n.out" 2>"$err" &
  SERVER_PIDS[n]=$!
  for _ in $(seq 200); do
    kill -0 "${SERVER_PIDS[n]}" 2>/dev/null || { cat "$err" >&2; die "server $n exited at start"; }
    port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$err")
    [[ -n $port ]] && break
    sleep 0.05
  done
  [[ -n $port ]] || die "server $n did not report its port"
  BASES[n]=http://127.0.0.1:$port
  for _ in $(seq 200); do
    curl -fsS -o /dev/null "${BASES[n]}/healthz" 2>/dev/null && break
    sleep 0.05
  done
  curl -fsS -o /dev/null "${BASES[n]}/healthz" || die "GET /healthz of server $n does not answer 200"
  say "server $n: pid ${SERVER_PIDS[n]} on ${BASES[n]}"
}
for ((n = 0; n < SERVERS; ++n)); do start_server "$n"; done
BASE=${BASES[0]}

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
  need=$(((SWAP_CUSTOMERS + WARM_SWAP_CUSTOMERS) * SERVERS))
  [[ $(wc -l <"$TMP/kaizala_customers.txt") -ge $need ]] ||
    die "only $(wc -l <"$TMP/kaizala_customers.txt") customers on Kaizala Pro; the swap scenarios need $need"
  # users_of CUSTOMERS_FILE: the "customerId userId" lines of those customers.
  users_of() { awk 'NR == FNR { keep[$1] = 1; next } keep[$1]' "$1" "$TMP/users.txt"; }
  # Customers 1..SWAP for swap, the next WARM for its warm-up; swap-2servers the same again.
  sed -n "1,${SWAP_CUSTOMERS}p" "$TMP/kaizala_customers.txt" >"$TMP/swap_customers.txt"
  sed -n "$((SWAP_CUSTOMERS + 1)),$((SWAP_CUSTOMERS + WARM_SWAP_CUSTOMERS))p" "$TMP/kaizala_customers.txt" >"$TMP/swap_warm_customers.txt"
  users_of "$TMP/swap_customers.txt" >"$TMP/swap_users.txt"
  users_of "$TMP/swap_warm_customers.txt" >"$TMP/swap_warm_users.txt"
  swap_files=(swap_users swap_warm_users)
  if ((SERVERS == 2)); then
    first=$((SWAP_CUSTOMERS + WARM_SWAP_CUSTOMERS))
    sed -n "$((first + 1)),$((first + SWAP_CUSTOMERS))p" "$TMP/kaizala_customers.txt" >"$TMP/swap2_customers.txt"
    sed -n "$((first + SWAP_CUSTOMERS + 1)),${need}p" "$TMP/kaizala_customers.txt" >"$TMP/swap2_warm_customers.txt"
    # Each wrk process owns every other user (and its threads split those again), so no user
    # ever has two requests in flight, even across the two servers.
    for f in swap2 swap2_warm; do
      users_of "$TMP/${f}_customers.txt" >"$TMP/${f}_users.txt"
      awk 'NR % 2 == 1' "$TMP/${f}_users.txt" >"$TMP/${f}_users.0.txt"
      awk 'NR % 2 == 0' "$TMP/${f}_users.txt" >"$TMP/${f}_users.1.txt"
      swap_files+=("${f}_users.0" "${f}_users.1")
    done
  fi
  head -n "$need" "$TMP/kaizala_customers.txt" >"$TMP/swap_all_customers.txt"
  for f in "${swap_files[@]}"; do
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
# time, mostly loopback networking, is left out), of the servers and of PostgreSQL (the
# postmaster and its backends); wrk's own time comes from `time`. What is left was used by
# other processes (a busy machine understates the server).
TICKS=$(getconf CLK_TCK)
machine_busy() { awk '/^cpu / { print $2 + $3 + $4 + $9 }' /proc/stat; }  # user nice system steal
# ticks_of PID...: user + system ticks of those processes that still run.
ticks_of() {
  local pid
  for pid in "$@"; do cat "/proc/$pid/stat" 2>/dev/null || true; done |
    awk '{ sub(/^.*\) /, ""); t += $12 + $13 } END { print t + 0 }'
}
server_ticks() { ticks_of "${SERVER_PIDS[@]}"; }
db_ticks() {
  [[ -n $PG_PID ]] || { echo 0; return; }
  # shellcheck disable=SC2046  # one pid a word
  ticks_of "$PG_PID" $(pgrep -P "$PG_PID" || true)
}

# merge_results: the LOADRESULT lines on stdin as one (concurrent wrk runs): counts summed,
# duration averaged, percentiles the worst.
merge_results() {
  awk '{ for (i = 2; i <= NF; ++i) { split($i, kv, "="); k = kv[1]
           if (!(k in v)) { keys[++n] = k; v[k] = 0 }
           if (k ~ /^p[0-9]+_us$/) { if (kv[2] + 0 > v[k]) v[k] = kv[2] + 0 } else v[k] += kv[2] } }
       END { printf "LOADRESULT"
             for (i = 1; i <= n; ++i) { k = keys[i]; printf " %s=%.0f", k, k == "duration_us" ? v[k] / NR : v[k] }
             print "" }'
}

# run_wrk LABEL LUA DURATION IDS...: one wrk per IDS file, the Nth against server N, all at once;
# wrk N's output in $TMP/LABEL.N.out. On stdout their merged LOADRESULT line with the CPU used
# (in cores: servers, PostgreSQL, wrk, other processes) appended.
run_wrk() {
  local label=$1 lua=$2 duration=$3
  shift 3
  local ids=("$@") pids=() i pid failed=0
  local m0 s0 d0 t0 m1 s1 d1 t1 TIMEFORMAT='%3U %3S'
  m0=$(machine_busy) s0=$(server_ticks) d0=$(db_ticks) t0=$(date +%s%N)
  for i in "${!ids[@]}"; do
    { time LOAD_TOKEN=$TOKEN LOAD_IDS=${ids[i]} LOAD_THREADS=$THREADS \
      wrk -t"$THREADS" -c"$CONNECTIONS" -d"$duration" --timeout "$TIMEOUT" --latency \
      -s "$LUA_DIR/$lua" "${BASES[i]}" >"$TMP/$label.$i.out" 2>&1; } 2>"$TMP/$label.$i.time" &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  m1=$(machine_busy) s1=$(server_ticks) d1=$(db_ticks) t1=$(date +%s%N)
  for i in "${!ids[@]}"; do
    local out=$TMP/$label.$i.out
    ((failed == 0)) || { cat "$out" >&2; die "wrk failed on $label"; }
    if ! kill -0 "${SERVER_PIDS[i]}" 2>/dev/null; then
      cat "$out" >&2
      tail -n 40 "$TMP/server-$i.err" >&2
      die "server $i died during $label (see its stderr above)"
    fi
    grep -q '^LOADRESULT ' "$out" || { cat "$out" >&2; die "no result from wrk on $label"; }
    if grep -q '^LOADSAMPLE ' "$out"; then
      say "$label: first error: $(sed -n 's/^LOADSAMPLE //p' "$out" | head -n 1)"
    fi
  done
  printf '%s %s\n' "$(cat "$TMP/$label".*.out | grep '^LOADRESULT ' | merge_results)" \
    "$(cat "$TMP/$label".*.time | awk -v m=$((m1 - m0)) -v s=$((s1 - s0)) -v d=$((d1 - d0)) \
      -v ns=$((t1 - t0)) -v hz="$TICKS" '{ w += ($1 + $2) * hz }
      END { wall = ns / 1e9 * hz; o = m - s - d - w; if (o < 0) o = 0
            printf "cpu_server=%.2f cpu_db=%.2f cpu_wrk=%.2f cpu_other=%.2f", s / wall, d / wall, w / wall, o / wall }')"
}

# field NAME LINE: the value of NAME=... in a LOADRESULT line.
field() { sed -n "s/.* $1=\([0-9.-]*\).*/\1/p" <<<"$2"; }
errors_of() {
  echo $(($(field non2xx "$1") + $(field connect "$1") + $(field read "$1") + $(field write "$1") + $(field timeout "$1")))
}

declare -A RESULT WARM_ERRORS
SWAP_RESULTS=()  # every swap run's LOADRESULT line, warm-ups included (the database check)
for scenario in $SCENARIOS; do
  case $scenario in
    healthz) lua=healthz.lua ids=(/dev/null) warm_ids=(/dev/null) ;;
    customer-get) lua=customer_get.lua ids=("$TMP/customers.txt") warm_ids=("${ids[@]}") ;;
    subscriptions-list) lua=subscriptions_list.lua ids=("$TMP/customers.txt") warm_ids=("${ids[@]}") ;;
    licenses-get) lua=licenses_get.lua ids=("$TMP/users.txt") warm_ids=("${ids[@]}") ;;
    swap) lua=swap.lua ids=("$TMP/swap_users.txt") warm_ids=("$TMP/swap_warm_users.txt") ;;
    swap-2servers)
      lua=swap.lua
      ids=("$TMP/swap2_users.0.txt" "$TMP/swap2_users.1.txt")
      warm_ids=("$TMP/swap2_warm_users.0.txt" "$TMP/swap2_warm_users.1.txt")
      ;;
  esac
  WARM_ERRORS[$scenario]=0
  if [[ $WARMUP != 0 && $WARMUP != 0s ]]; then
    say "$scenario: warm-up $WARMUP"
    warm=$(run_wrk "$scenario-warmup" "$lua" "$WARMUP" "${warm_ids[@]}")
    WARM_ERRORS[$scenario]=$(errors_of "$warm")
    [[ $lua == swap.lua ]] && SWAP_RESULTS+=("$warm")
  fi
  say "$scenario: ${#ids[@]} x wrk -t$THREADS -c$CONNECTIONS -d$DURATION"
  RESULT[$scenario]=$(run_wrk "$scenario" "$lua" "$DURATION" "${ids[@]}")
  [[ $lua == swap.lua ]] && SWAP_RESULTS+=("${RESULT[$scenario]}")
done

# --- stop the servers (gracefully) ----------------------------------------------------------
say "stopping the servers (SIGTERM)"
SERVER_PROBLEM=""
kill -TERM "${SERVER_PIDS[@]}" 2>/dev/null || true
for i in "${!SERVER_PIDS[@]}"; do
  pid=${SERVER_PIDS[i]}
  for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  problem=""
  if kill -0 "$pid" 2>/dev/null; then
    problem="server $i did not stop within 15 s of SIGTERM (killed)"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  server_rc=0
  wait "$pid" || server_rc=$?
  if [[ -z $problem && $server_rc -ne 0 ]]; then
    problem="server $i exited with status $server_rc after SIGTERM"
  fi
  if grep -qiE 'internal error|storage error' "$TMP/server-$i.err"; then
    problem="${problem:+$problem; }server $i logged: $(grep -iE 'internal error|storage error' "$TMP/server-$i.err" | sort | uniq -c | head -n 3 | tr -s ' ' | tr '\n' ';')"
  fi
  [[ -z $problem ]] || SERVER_PROBLEM="${SERVER_PROBLEM:+$SERVER_PROBLEM; }$problem"
done
SERVER_PIDS=()

# --- the swaps answered 2xx are in the database ---------------------------------------------
STATE_CHECK=""
if ((${#SWAP_RESULTS[@]})); then
  low=0 high=0
  for line in "${SWAP_RESULTS[@]}"; do
    on=$(field on_target "$line")
    low=$((low + on - $(field pending_to_source "$line")))
    high=$((high + on + $(field pending_to_target "$line")))
  done
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
if [[ $BACKEND == postgresql ]]; then
  database="PostgreSQL $(psql -qtAX "$DB" -c 'SHOW server_version' 2>/dev/null || true) (throwaway durable cluster: fsync and synchronous_commit on)"
else
  database="SQLite (WAL, synchronous=FULL)"
fi
echo "commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown); $SERVERS server(s) on $database"
echo "servers, database and wrk share the machine; all on 127.0.0.1; load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
echo
row() { printf '%-20s %9s %10s %10s %6s %7s  %-16s %-14s %s\n' "$@"; }
row scenario 'req/s' p50 p99 ratio errors target verdict 'cpu srv/db/wrk/other'
row -------------------- --------- ---------- ---------- ------ ------- ---------------- -------------- --------------------
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
    swap-2servers)
      target="0 errors"
      met=1
      ;;
    *)
      share=$READ_TARGET
      [[ $scenario == swap ]] && share=$SWAP_TARGET
      target=">= $share x healthz"
      met=$(awk -v r="$ratio" -v t="$share" 'BEGIN { print (r >= t) ? 1 : 0 }')
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
    "$(field cpu_server "$line")/$(field cpu_db "$line")/$(field cpu_wrk "$line")/$(field cpu_other "$line")"
  if awk -v o="$(field cpu_other "$line")" 'BEGIN { exit !(o > 0.15) }'; then busy_machine=1; fi
done
echo
echo "errors: non-2xx answers + socket errors + timeouts (> $TIMEOUT), warm-up included"
echo "cpu: cores used during the measured run by the server(s), by PostgreSQL, by wrk, and by other processes"
if [[ -n ${RESULT[swap-2servers]:-} ]]; then
  one=$(rps_of "${RESULT[swap]}") two=$(rps_of "${RESULT[swap-2servers]}")
  echo "two servers: $two swaps/s together = $(awk -v a="$two" -v b="$one" 'BEGIN { printf "%.2f", a / b }') x one server's $one swaps/s (same run; p50/p99: the worse server's)"
fi
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
