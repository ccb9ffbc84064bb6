#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests, in a temporary directory on a free port.
#   eval "$(scripts/pg-cluster.sh start)"   # sets SEATSHIFT_TEST_POSTGRES and SEATSHIFT_PG_DIR
#   SEATSHIFT_PG_DURABLE=1 scripts/pg-cluster.sh start   # fsync on (benchmarks)
#   scripts/pg-cluster.sh stop "$SEATSHIFT_PG_DIR"
# PostgreSQL refuses to run as root, so as root the cluster runs as the `postgres` user.
set -euo pipefail

pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
[ -n "$pgbin" ] || { echo "pg-cluster: PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/bash -c "$1"; else bash -c "$1"; fi
}

case "${1:-}" in
  start)
    dir=$(mktemp -d /tmp/seatshift-pg-XXXXXX)
    chmod 755 "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    # A free port: bind port 0 and keep what the kernel gave.
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_owner "'$pgbin/initdb' -D '$dir/data' -A trust -U postgres --no-sync >'$dir/initdb.log' 2>&1" ||
      { cat "$dir/initdb.log" >&2; exit 1; }
    # Tests run many servers' worth of connections at once; durability is not what they test
    # (no test crashes PostgreSQL itself), so fsync is off and the shared disk spared.
    # SEATSHIFT_PG_DURABLE=1 keeps PostgreSQL's defaults: what benchmarks measure against.
    settings="-c max_connections=300"
    [ "${SEATSHIFT_PG_DURABLE:-0}" = 1 ] ||
      settings="$settings -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    as_owner "'$pgbin/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w \
      -o \"-p $port -k $dir -c listen_addresses=127.0.0.1 $settings\" start >/dev/null" ||
      { cat "$dir/server.log" >&2; exit 1; }
    echo "export SEATSHIFT_TEST_POSTGRES=postgresql://postgres@127.0.0.1:$port/postgres"
    echo "export SEATSHIFT_PG_DIR=$dir"
    ;;
  stop)
    dir=${2:?usage: $0 stop DIR}
    if [ -f "$dir/data/postmaster.pid" ]; then
      as_owner "'$pgbin/pg_ctl' -D '$dir/data' -m immediate -w stop >/dev/null" || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start | stop DIR" >&2
    exit 2
    ;;
esac
