#!/usr/bin/env bash
# Starts or stops the contract checker the suite's HTTP tests ask about every answer they get
# (api-spec/contract-server.mjs on a Unix socket). CTest runs `start` as the setup of the fixture
# the HTTP tests require, and `stop` as its cleanup.
#
#   tests/e2e/contract_checker.sh start PROJECT_DIR SOCKET
#   tests/e2e/contract_checker.sh stop SOCKET
set -euo pipefail
case "${1:-}" in
  start)
    project=$(cd "$2" && pwd)
    socket=$3
    log="$socket.log"
    [ -d "$project/api-spec/node_modules" ] \
      || { echo "contract checker: run npm ci in api-spec/ first" >&2; exit 1; }
    "$0" stop "$socket"
    # Its first line ("ready", once it listens) comes through a FIFO: read waits for exactly
    # that, bounded, and sees end-of-file at once if the checker dies first.
    fifo="$socket.ready"
    rm -f "$fifo"
    mkfifo "$fifo"
    setsid node "$project/api-spec/contract-server.mjs" "$project/api-spec/openapi.json" \
      "$socket" >"$fifo" 2>"$log" </dev/null &
    echo $! >"$socket.pid"
    line=
    read -r -t 60 line <"$fifo" || true
    rm -f "$fifo"
    if [ "$line" != ready ]; then
      echo "contract checker did not start:" >&2
      cat "$log" >&2
      exit 1
    fi
    ;;
  stop)
    socket=$2
    if [ -f "$socket.pid" ]; then
      kill -TERM "$(cat "$socket.pid")" 2>/dev/null || true
      rm -f "$socket.pid"
    fi
    ;;
  *)
    echo "usage: $0 start PROJECT_DIR SOCKET | stop SOCKET" >&2
    exit 2
    ;;
esac
