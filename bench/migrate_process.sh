#!/usr/bin/env bash
# The fleet migration as an agent runs it: `seatshift migrate start` as a whole process, against
# a raw-SQLite swap floor measured in the same run.
#
# What it does, in a throwaway directory removed at the end:
#   1. builds seatshift and seatshift_bench (Release) unless MIGRATE_SKIP_BUILD=1;
#   2. seeds the demo fleet (`seatshift demo seed`, MIGRATE_CUSTOMERS x 100 users) into a SQLite
#      file; with MIGRATE_BACKEND=postgresql it starts a throwaway durable PostgreSQL cluster on
#      127.0.0.1 (scripts/pg-cluster.sh, SEATSHIFT_PG_DURABLE=1; stopped on exit, also on failure)
#      and copies the fleet into it (`seatshift db copy`, untimed);
#   3. plans the migration off Kaizala Pro (`migrate plan --from KAIZALA_PRO --to recommended`),
#      timed apart: the planning time;
#   4. times `seatshift migrate start ID` from exec to exit: users moved per second is the plan's
#      users divided by that wall time (process start, catalog load and the final commit
#      included, as an agent waits for them);
#   5. the floor, in the same run: seatshift_bench's swap/baseline/batch:1000 (raw sqlite3 C API,
#      synchronous=FULL, per user a delete, an insert and an audit row, 1,000 users per
#      transaction), median of MIGRATE_REPETITIONS runs;
#   6. prints users, planning time, process users/s, floor users/s and their ratio against its
#      target: >= 0.3 on SQLite, >= 0.15 on PostgreSQL (whose floor stays raw SQLite).
#
# Exit status: 0 when the ratio meets its target, 1 when not (the table is printed either way),
# 2 when the benchmark itself could not run.
#
# Environment (defaults in brackets):
#   MIGRATE_BACKEND [sqlite] (postgresql)   MIGRATE_CUSTOMERS [2000] (the issue's: 10000)
#   MIGRATE_REPETITIONS [3]                 MIGRATE_BUILD_DIR [<repo>/build]
#   MIGRATE_SKIP_BUILD [0]
# Example, the issue's fleet on both backends:
#   MIGRATE_CUSTOMERS=10000 bench/migrate_process.sh
#   MIGRATE_CUSTOMERS=10000 MIGRATE_BACKEND=postgresql bench/migrate_process.sh
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
BACKEND=${MIGRATE_BACKEND:-sqlite}
CUSTOMERS=${MIGRATE_CUSTOMERS:-2000}
REPETITIONS=${MIGRATE_REPETITIONS:-3}
BUILD_DIR=${MIGRATE_BUILD_DIR:-$ROOT/build}
SEATSHIFT=$BUILD_DIR/seatshift
BENCH=$BUILD_DIR/seatshift_bench

say() { printf '[migrate %3ds] %s\n' "$SECONDS" "$*" >&2; }
die() {
  printf '[migrate] error: %s\n' "$*" >&2
  exit 2
}
case $BACKEND in
  sqlite) TARGET=0.3 ;;
  postgresql) TARGET=0.15 ;;
  *) die "MIGRATE_BACKEND must be sqlite or postgresql, not '$BACKEND'" ;;
esac
[[ $CUSTOMERS =~ ^[1-9][0-9]*$ ]] || die "MIGRATE_CUSTOMERS must be a positive whole number"
[[ $REPETITIONS =~ ^[1-9][0-9]*$ ]] || die "MIGRATE_REPETITIONS must be a positive whole number"
command -v jq >/dev/null || die "jq is missing (scripts/install-deps.sh)"

if [[ ${MIGRATE_SKIP_BUILD:-0} != 1 ]]; then
  say "building seatshift and seatshift_bench in $BUILD_DIR"
  { cmake -S "$ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release &&
    cmake --build "$BUILD_DIR" -j"$(nproc)" --target seatshift seatshift_bench; } >/dev/null ||
    die "the build failed"
fi
[[ -x $SEATSHIFT && -x $BENCH ]] || die "no $SEATSHIFT or $BENCH"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/seatshift-migrate.XXXXXX")
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

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

say "seeding $CUSTOMERS customers x 100 users"
"$SEATSHIFT" --db "$TMP/fleet.db" demo seed --customers "$CUSTOMERS" --users-per-customer 100 \
  >/dev/null || die "the seed failed"
DB=$TMP/fleet.db
if [[ $BACKEND == postgresql ]]; then
  say "starting a durable PostgreSQL cluster and copying the fleet into it"
  cluster_env=$(SEATSHIFT_PG_DURABLE=1 "$ROOT/scripts/pg-cluster.sh" start) ||
    die "the cluster did not start"
  eval "$cluster_env"
  DB=$SEATSHIFT_TEST_POSTGRES
  "$SEATSHIFT" db copy --from "$TMP/fleet.db" --to "$DB" >/dev/null || die "db copy failed"
fi

say "planning the migration off KAIZALA_PRO"
start=$(now)
plan=$("$SEATSHIFT" --db "$DB" --json migrate plan --from KAIZALA_PRO --to recommended) ||
  die "migrate plan failed"
planned=$(now)
id=$(jq -r '.id' <<<"$plan")
users=$(jq -r '.progress.usersTotal' <<<"$plan")
[[ $id != null && $users =~ ^[0-9]+$ && $users -gt 0 ]] || die "the plan has no users to move"

say "migrate start: $users users"
started=$(now)
"$SEATSHIFT" --db "$DB" migrate start "$id" >"$TMP/start.out" 2>&1 ||
  { tail -n 20 "$TMP/start.out" >&2; die "migrate start failed"; }
finished=$(now)
seconds=$(elapsed "$started" "$finished")
process_rate=$(awk -v u="$users" -v s="$seconds" 'BEGIN { printf "%.0f", u / s }')

say "the raw-SQLite floor (swap/baseline/batch:1000, $REPETITIONS runs)"
SEATSHIFT_BENCH_USERS=100000 "$BENCH" --benchmark_filter='^swap/baseline/batch:1000' \
  --benchmark_repetitions="$REPETITIONS" --benchmark_out="$TMP/floor.json" \
  --benchmark_out_format=json >"$TMP/floor.out" 2>&1 || { cat "$TMP/floor.out" >&2; die "the floor failed"; }
floor=$(jq -r '[.benchmarks[] | select(.run_type == "iteration") | .items_per_second] | sort
  | if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end
  | floor' "$TMP/floor.json")
ratio=$(awk -v p="$process_rate" -v f="$floor" 'BEGIN { printf "%.2f", p / f }')
verdict=$(awk -v r="$ratio" -v t="$TARGET" 'BEGIN { print (r >= t) ? "ok" : "MISSED" }')

printf '\nseatshift migrate start on %s, %s customers (%s users to move)\n' "$BACKEND" "$CUSTOMERS" "$users"
printf '%-44s %s s\n' "planning (migrate plan, whole process)" "$(elapsed "$start" "$planned")"
printf '%-44s %s users/s (%s s)\n' "migrate start, whole process" "$process_rate" "$seconds"
printf '%-44s %s users/s\n' "raw-SQLite swap floor, same run" "$floor"
printf '%-44s %s (target >= %s: %s)\n' "ratio" "$ratio" "$TARGET" "$verdict"
[[ $verdict == ok ]]
