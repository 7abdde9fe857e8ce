#!/usr/bin/env bash
# A throwaway PostgreSQL server for the store's tests.
#
#   scripts/postgres-test-server.sh start DIR   initdb a cluster in DIR, start it on a free
#                                               loopback port, create database writ_test,
#                                               write its URL to DIR/url and print it
#   scripts/postgres-test-server.sh stop DIR    stop it and delete DIR
#
# PostgreSQL refuses to run as root, so as root the cluster is created and run as the
# `postgres` user (runuser). Each start replaces the previous cluster in DIR. Authentication is `trust` on 127.0.0.1 only; nothing else can
# reach it. fsync stays on: the tests measure durable commits.
set -euo pipefail

cmd=${1:-}
dir=${2:-}
if [ -z "$cmd" ] || [ -z "$dir" ]; then
  echo "usage: $0 start|stop DIR" >&2
  exit 2
fi
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

pgbin=""
for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
  if [ -x "$d/initdb" ]; then pgbin=$d; break; fi
done
if [ -z "$pgbin" ]; then
  echo "postgres-test-server: no PostgreSQL server binaries (apt-get install postgresql)" >&2
  exit 1
fi

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# The cluster lives in DIR/data, or, when the postgres user cannot reach DIR (a private home
# directory), in a temporary directory named in DIR/datadir.
data_dir() {
  if [ -f "$dir/datadir" ]; then cat "$dir/datadir"; else echo "$dir/data"; fi
}

stop_server() {
  local data
  data=$(data_dir)
  if [ -f "$data/cluster/postmaster.pid" ]; then
    as_owner "$pgbin/pg_ctl" -D "$data/cluster" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  if [ -f "$dir/datadir" ]; then rm -rf "$data" "$dir/datadir"; fi
}

case "$cmd" in
  start)
    stop_server
    rm -rf "$dir/data" "$dir/sock" "$dir/url" "$dir/log"
    data=$dir/data
    mkdir -p "$data"
    if [ "$(id -u)" -eq 0 ]; then
      chown -R postgres: "$dir"
      if ! runuser -u postgres -- test -w "$data"; then
        data=$(mktemp -d /tmp/writ-postgres-test.XXXXXX)
        chown postgres: "$data"
        echo "$data" >"$dir/datadir"
      fi
    fi
    sock=$data/sock
    mkdir -p "$sock"
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$sock"; fi
    as_owner "$pgbin/initdb" -D "$data/cluster" -U writ --auth=trust --locale=C -E UTF8 \
      >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    started=""
    for attempt in 1 2 3 4 5 6 7 8; do
      port=$((20000 + (RANDOM * 7 + $$ + attempt * 131) % 40000))
      if as_owner "$pgbin/pg_ctl" -D "$data/cluster" -l "$data/log" -w -t 30 start \
        -o "-p $port -k $sock -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=200" \
        >/dev/null 2>&1; then
        started=$port
        break
      fi
    done
    if [ -z "$started" ]; then
      echo "postgres-test-server: the server did not start; its log:" >&2
      cat "$data/log" >&2 || true
      exit 1
    fi
    as_owner "$pgbin/psql" -h 127.0.0.1 -p "$started" -U writ -d postgres -q \
      -c "CREATE DATABASE writ_test" >/dev/null
    url="postgresql://writ@127.0.0.1:$started/writ_test"
    echo "$url" >"$dir/url"
    echo "$url"
    ;;
  stop)
    stop_server
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
