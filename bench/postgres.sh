#!/usr/bin/env bash
# The store benchmarks on PostgreSQL and SQLite side by side, with pgbench on the same server in
# the same run as PostgreSQL's ceiling.
#
# What it does:
#   1. builds seatshift_bench (Release) unless PG_BENCH_SKIP_BUILD=1;
#   2. starts a throwaway durable PostgreSQL cluster on 127.0.0.1 (scripts/pg-cluster.sh with
#      SEATSHIFT_PG_DURABLE=1: fsync, synchronous_commit and full_page_writes on, as PostgreSQL
#      ships); it is stopped and removed on exit, also on failure or Ctrl-C;
#   3. the license-swap benchmark (bench/license_swap_bench.cpp) on SQLite: store and raw-SQLite
#      baseline, one swap per transaction and 1,000 per transaction;
#   4. pgbench -i (scale PG_BENCH_SCALE) into a database of its own;
#   5. the license-swap benchmark's store runs on PostgreSQL (SEATSHIFT_BENCH_POSTGRES: a fresh
#      schema of that cluster), over TCP like pgbench;
#   6. the ratio rounds: pgbench TPC-B (its default script; 1 client, PG_BENCH_SECONDS), then
#      PG_BENCH_ROUNDS times the one-swap-per-transaction benchmark on a fresh fleet of 10,000 +
#      10,000 users followed by pgbench again. Each round's swaps/s is divided by the better of
#      the two pgbench runs around it (a slow pgbench run cannot flatter the ratio), and the
#      ratio is the median of the rounds'. Only neighbouring runs compare: on a shared disk the
#      commit latency drifts several-fold within a minute;
#   7. unless PG_BENCH_MIGRATION_CUSTOMERS=0, the migration benchmark (bench/migration_bench.cpp)
#      at that fleet size on both backends, each against its raw-SQLite baseline of the same run;
#   8. unless PG_BENCH_LIFECYCLE_SUBSCRIPTIONS=0, the lifecycle benchmark
#      (bench/lifecycle_bench.cpp: an expiry pass and the expiring report) on both backends;
#   9. prints the table: swaps/s on each backend, pgbench TPS, the ratio of PostgreSQL's
#      one-swap-per-transaction rate to pgbench's TPS (a swap commits once, as a TPC-B
#      transaction does), target >= 0.7, verdict; then the migration's and the lifecycle's
#      figures on each backend against their raw-SQLite baselines.
#
# Exit status: 0 when the swap ratio meets its target, 1 when not (the table is printed either
# way), 2 when the benchmark itself could not run.
#
# Environment (defaults in brackets):
#   PG_BENCH_USERS [100000]  users of the swap fleet (SEATSHIFT_BENCH_USERS; + 10,000 for batch 1)
#   PG_BENCH_REPETITIONS [3] repetitions of each swap benchmark (medians; runs interleaved)
#   PG_BENCH_ROUNDS [3]      ratio rounds
#   PG_BENCH_SECONDS [5]     length of each pgbench run
#   PG_BENCH_SCALE [4]       pgbench -i scale factor
#   PG_BENCH_MIGRATION_CUSTOMERS [500] customers of 100 users in the migration fleet (10000 for
#                            the 1M-user fleet: about 5 minutes more; 0: skip the migration)
#   PG_BENCH_LIFECYCLE_SUBSCRIPTIONS [100000] the lifecycle fleets (1000000 as in its README
#                            figures: about 10 minutes more; 0: skip the lifecycle)
#   PG_BENCH_BUILD_DIR [<repo>/build]  PG_BENCH_SKIP_BUILD [0]
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
USERS=${PG_BENCH_USERS:-100000}
REPETITIONS=${PG_BENCH_REPETITIONS:-3}
ROUNDS=${PG_BENCH_ROUNDS:-3}
SECONDS_PER_PGBENCH=${PG_BENCH_SECONDS:-5}
SCALE=${PG_BENCH_SCALE:-4}
MIGRATION_CUSTOMERS=${PG_BENCH_MIGRATION_CUSTOMERS:-500}
LIFECYCLE_SUBSCRIPTIONS=${PG_BENCH_LIFECYCLE_SUBSCRIPTIONS:-100000}
BUILD_DIR=${PG_BENCH_BUILD_DIR:-$ROOT/build}
BENCH=$BUILD_DIR/seatshift_bench
SINGLE_USERS=$((USERS < 10000 ? USERS : 10000))  # the batch-1 customer (license_swap_bench.cpp)
TARGET=0.7

say() { printf '[pg-bench %4ds] %s\n' "$SECONDS" "$*" >&2; }
die() {
  printf '[pg-bench] error: %s\n' "$*" >&2
  exit 2
}

for tool in jq python3; do command -v "$tool" >/dev/null || die "$tool is missing (scripts/install-deps.sh)"; done
PGBIN=$(find /usr/lib/postgresql -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n1)
[[ -n $PGBIN && -x $PGBIN/pgbench ]] || die "PostgreSQL is not installed (scripts/install-deps.sh)"

if [[ ${PG_BENCH_SKIP_BUILD:-0} != 1 ]]; then
  say "building seatshift_bench in $BUILD_DIR"
  build_log=$(mktemp)
  if ! { cmake -S "$ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release &&
    cmake --build "$BUILD_DIR" -j"$(nproc)" --target seatshift_bench; } >"$build_log" 2>&1; then
    tail -n 40 "$build_log" >&2
    rm -f "$build_log"
    die "the build failed"
  fi
  rm -f "$build_log"
fi
[[ -x $BENCH ]] || die "no $BENCH"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/seatshift-pg-bench.XXXXXX")
SEATSHIFT_PG_DIR=""
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
  local rc=$?
  if [[ -n $SEATSHIFT_PG_DIR ]]; then "$ROOT/scripts/pg-cluster.sh" stop "$SEATSHIFT_PG_DIR" || true; fi
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- the cluster ----------------------------------------------------------------------------
say "starting a durable PostgreSQL cluster"
cluster_env=$(SEATSHIFT_PG_DURABLE=1 "$ROOT/scripts/pg-cluster.sh" start) || die "the cluster did not start"
eval "$cluster_env"
URL=$SEATSHIFT_TEST_POSTGRES
PGBENCH_URL=${URL%/*}/pgbench
"$PGBIN/psql" -qX "$URL" -c 'CREATE DATABASE pgbench' >/dev/null
server_version=$("$PGBIN/psql" -qtAX "$URL" -c 'SHOW server_version')
fsync=$("$PGBIN/psql" -qtAX "$URL" -c 'SHOW fsync')
synchronous_commit=$("$PGBIN/psql" -qtAX "$URL" -c 'SHOW synchronous_commit')
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# --- helpers --------------------------------------------------------------------------------
# bench LABEL FILTER [ENV=VALUE...]: runs seatshift_bench with its JSON results in $TMP/LABEL.json
# (console output in $TMP/LABEL.out); fails when a benchmark reported an error.
bench() {
  local label=$1 filter=$2
  shift 2
  if ! env "$@" "$BENCH" --benchmark_filter="$filter" \
    --benchmark_out="$TMP/$label.json" --benchmark_out_format=json "${BENCH_FLAGS[@]}" \
    >"$TMP/$label.out" 2>&1; then
    cat "$TMP/$label.out" >&2
    die "seatshift_bench failed ($label)"
  fi
  jq -e '.benchmarks | length > 0' "$TMP/$label.json" >/dev/null 2>&1 ||
    die "no benchmark matched '$filter' ($label)"
  if jq -e '[.benchmarks[] | select(.error_occurred)] | length > 0' "$TMP/$label.json" >/dev/null; then
    grep -i error "$TMP/$label.out" >&2 || true
    die "a benchmark reported an error ($label)"
  fi
}

# median LABEL NAME: the median items/s of the runs of benchmark NAME (the registered name,
# without the /min_time:... Google Benchmark appends) in LABEL's results.
median() {
  jq -r --arg n "$2/" '[.benchmarks[] | select(.run_type == "iteration" and (.run_name + "/" | startswith($n)))
    | .items_per_second] | sort | if length == 0 then 0
    elif length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end
    | floor' "$TMP/$1.json"
}

# pgbench_tps LABEL: one pgbench TPC-B run, 1 client; prints its TPS.
pgbench_tps() {
  "$PGBIN/pgbench" -c 1 -j 1 -T "$SECONDS_PER_PGBENCH" -n "$PGBENCH_URL" >"$TMP/$1.out" 2>&1 ||
    { cat "$TMP/$1.out" >&2; die "pgbench failed"; }
  sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$TMP/$1.out" | head -n1 | awk '{ printf "%.0f", $1 }'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
# median_of VALUE...: their median.
median_of() {
  printf '%s\n' "$@" | sort -g |
    awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# --- license swaps --------------------------------------------------------------------------
BENCH_FLAGS=(--benchmark_repetitions="$REPETITIONS" --benchmark_enable_random_interleaving=true)
say "license swaps on SQLite (store and baseline; $USERS + $SINGLE_USERS users, $REPETITIONS repetitions)"
bench swap-sqlite 'swap/' SEATSHIFT_BENCH_USERS="$USERS" SEATSHIFT_BENCH_POSTGRES=

say "pgbench -i -s $SCALE"
"$PGBIN/pgbench" -i -q -s "$SCALE" "$PGBENCH_URL" >"$TMP/pgbench-init.out" 2>&1 ||
  { cat "$TMP/pgbench-init.out" >&2; die "pgbench -i failed"; }

say "license swaps on PostgreSQL (store only)"
bench swap-pg 'swap/store/' SEATSHIFT_BENCH_USERS="$USERS" SEATSHIFT_BENCH_POSTGRES="$URL"

BENCH_FLAGS=()
say "ratio rounds: pgbench TPC-B, 1 client, ${SECONDS_PER_PGBENCH} s"
PGBENCH_TPS=("$(pgbench_tps pgbench-0)")
ROUND_SWAPS=() ROUND_CEILINGS=() ROUND_RATIOS=()
for ((r = 1; r <= ROUNDS; ++r)); do
  say "ratio round $r of $ROUNDS: one swap per transaction on PostgreSQL, then pgbench"
  bench "round-$r" 'swap/store/batch:1/' SEATSHIFT_BENCH_USERS=10000 SEATSHIFT_BENCH_POSTGRES="$URL"
  PGBENCH_TPS+=("$(pgbench_tps "pgbench-$r")")
  swaps=$(median "round-$r" swap/store/batch:1)
  ceiling=$((PGBENCH_TPS[r - 1] > PGBENCH_TPS[r] ? PGBENCH_TPS[r - 1] : PGBENCH_TPS[r]))
  ROUND_SWAPS+=("$swaps") ROUND_CEILINGS+=("$ceiling") ROUND_RATIOS+=("$(ratio "$swaps" "$ceiling")")
done

SQLITE_ONE=$(median swap-sqlite swap/store/batch:1)
SQLITE_BATCH=$(median swap-sqlite swap/store/batch:1000)
BASE_ONE=$(median swap-sqlite swap/baseline/batch:1)
BASE_BATCH=$(median swap-sqlite swap/baseline/batch:1000)
PG_ONE=$(median swap-pg swap/store/batch:1)
PG_BATCH=$(median swap-pg swap/store/batch:1000)

# --- migration ------------------------------------------------------------------------------
if ((MIGRATION_CUSTOMERS > 0)); then
  BENCH_FLAGS=()
  filter="migration/(engine|baseline)/customers:$MIGRATION_CUSTOMERS/"
  say "migration of $MIGRATION_CUSTOMERS x 100 users on SQLite"
  bench migration-sqlite "$filter" SEATSHIFT_BENCH_MIGRATION_CUSTOMERS="$MIGRATION_CUSTOMERS" SEATSHIFT_BENCH_POSTGRES=
  say "migration of $MIGRATION_CUSTOMERS x 100 users on PostgreSQL"
  bench migration-pg "$filter" SEATSHIFT_BENCH_MIGRATION_CUSTOMERS="$MIGRATION_CUSTOMERS" SEATSHIFT_BENCH_POSTGRES="$URL"
fi

# --- lifecycle ------------------------------------------------------------------------------
if ((LIFECYCLE_SUBSCRIPTIONS > 0)); then
  BENCH_FLAGS=()
  for backend in sqlite pg; do
    url=""
    [[ $backend == pg ]] && url=$URL
    say "lifecycle pass and expiring report, $LIFECYCLE_SUBSCRIPTIONS subscriptions, on $backend"
    bench "lifecycle-$backend" 'lifecycle/|report/' \
      SEATSHIFT_BENCH_SUBSCRIPTIONS="$LIFECYCLE_SUBSCRIPTIONS" SEATSHIFT_BENCH_POSTGRES="$url"
  done
fi

# --- report ---------------------------------------------------------------------------------
PG_RATIO=$(median_of "${ROUND_RATIOS[@]}" | awk '{ printf "%.2f", $1 }')
if awk -v r="$PG_RATIO" -v t="$TARGET" 'BEGIN { exit !(r >= t) }'; then VERDICT=PASS; else VERDICT=FAIL; fi

echo
echo "seatshift store benchmarks: PostgreSQL $server_version (fsync=$fsync, synchronous_commit=$synchronous_commit, TCP 127.0.0.1) and SQLite (WAL, synchronous=FULL)"
echo "commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown); $(nproc) cores; load average $LOAD_BEFORE at start, $(cut -d' ' -f1-3 /proc/loadavg) at end"
echo "swap fleet: $((USERS / 1000)) customers x 1,000 users (batch 1000) + 1 customer x $SINGLE_USERS users (batch 1); medians of $REPETITIONS"
echo
row() { printf '%-40s %12s %12s %10s %9s %8s\n' "$@"; }
row 'license swaps' 'swaps/s' 'pgbench TPS' 'ratio' 'target' 'verdict'
row ---------------------------------------- ------------ ------------ ---------- --------- --------
row 'PostgreSQL, 1 swap/transaction, rounds' "$(median_of "${ROUND_SWAPS[@]}" | awk '{ printf "%.0f", $1 }')" \
  "$(median_of "${ROUND_CEILINGS[@]}" | awk '{ printf "%.0f", $1 }')" "$PG_RATIO" ">= $TARGET" "$VERDICT"
row 'PostgreSQL, 1 swap per transaction' "$PG_ONE" '' '' '' ''
row 'PostgreSQL, 1,000 swaps per transaction' "$PG_BATCH" '' '' '' ''
row 'SQLite, 1 swap per transaction' "$SQLITE_ONE" '' '' '' ''
row 'SQLite, 1,000 swaps per transaction' "$SQLITE_BATCH" '' '' '' ''
echo
echo "ratio rounds (medians above): swaps/s ${ROUND_SWAPS[*]}; pgbench TPC-B (1 client, ${SECONDS_PER_PGBENCH} s, scale $SCALE) TPS ${PGBENCH_TPS[*]}; ratios ${ROUND_RATIOS[*]}"
echo "raw-SQLite baseline (same run): $BASE_ONE swaps/s at 1 per transaction (SQLite store: $(ratio "$SQLITE_ONE" "$BASE_ONE")), $BASE_BATCH at 1,000 ($(ratio "$SQLITE_BATCH" "$BASE_BATCH"))"
if ((MIGRATION_CUSTOMERS > 0)); then
  engine="migration/engine/customers:$MIGRATION_CUSTOMERS"
  baseline="migration/baseline/customers:$MIGRATION_CUSTOMERS"
  seconds() { jq -r --arg n "$2/" '[.benchmarks[] | select(.run_type == "iteration" and (.run_name + "/" | startswith($n)))][0].real_time' "$TMP/$1.json"; }
  echo
  echo "migration of $MIGRATION_CUSTOMERS customers x 100 users (plan, then A+B+C), each against its raw-SQLite baseline:"
  for backend in sqlite pg; do
    e=$(median "migration-$backend" "$engine") b=$(median "migration-$backend" "$baseline")
    printf '  %-10s engine %8s users/s (%s s)  baseline %8s users/s  ratio %s (target >= 0.3)\n' \
      "$([[ $backend == pg ]] && echo PostgreSQL || echo SQLite)" "$e" \
      "$(seconds "migration-$backend" "$engine" | awk '{ printf "%.1f", $1 }')" "$b" "$(ratio "$e" "$b")"
    grep '^planning' "$TMP/migration-$backend.out" | sed 's/^/             /'
  done
fi
if ((LIFECYCLE_SUBSCRIPTIONS > 0)); then
  echo
  echo "lifecycle pass over $LIFECYCLE_SUBSCRIPTIONS subscriptions all due to expire (500 per transaction), against its raw-SQLite baseline:"
  for backend in sqlite pg; do
    e=$(median "lifecycle-$backend" lifecycle/engine) b=$(median "lifecycle-$backend" lifecycle/raw)
    p50=$(jq -r '[.benchmarks[] | select(.run_type == "iteration" and (.run_name | startswith("report/expiring/")))][0].p50_ms' \
      "$TMP/lifecycle-$backend.json")
    # The report's p50 targets: < 20 ms on SQLite, < 10 ms on PostgreSQL.
    printf '  %-10s engine %8s transitions/s  baseline %8s rows/s  ratio %s;  expiring report p50 %.2f ms (target < %s ms)\n' \
      "$([[ $backend == pg ]] && echo PostgreSQL || echo SQLite)" "$e" "$b" "$(ratio "$e" "$b")" "$p50" \
      "$([[ $backend == pg ]] && echo 10 || echo 20)"
  done
fi
[[ $VERDICT == PASS ]]
