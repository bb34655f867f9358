#!/usr/bin/env bash
# Start a throwaway PostgreSQL server from Debian's packages and print its URL.
# Usage: eval "$(bash .ci/postgres.sh start [DIR] [PORT])"   ->  exports WARREPORT_TEST_PG_URL
#        bash .ci/postgres.sh stop [DIR]
# Works as root (runs the server as the `postgres` user) or as an ordinary user.
set -euo pipefail
cmd=${1:-start}
dir=${2:-/tmp/warreport-pg}
port=${3:-54329}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ]; then
  echo "echo 'PostgreSQL is not installed (apt-get install postgresql)' >&2; false"
  exit 1
fi
as_pg() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "$cmd" in
  start)
    if [ ! -f "$dir/PG_VERSION" ]; then
      mkdir -p "$dir"
      [ "$(id -u)" = "0" ] && chown postgres:postgres "$dir"
      as_pg "$bin/initdb" -D "$dir" -A trust -U postgres --no-sync >/dev/null
    fi
    if ! as_pg "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
      # another server (a developer's, a benchmark's) may hold the port: take the next free one
      while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
      echo "$port" > "$dir/warreport-port"
      as_pg "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w \
        -o "-p $port -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
    fi
    [ -f "$dir/warreport-port" ] && port=$(cat "$dir/warreport-port")
    for db in warreport_test warreport_bench; do
      as_pg "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1 \
        || as_pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$db"
    done
    echo "export WARREPORT_TEST_PG_URL=postgresql://postgres@127.0.0.1:$port/warreport_test"
    ;;
  stop)
    as_pg "$bin/pg_ctl" -D "$dir" -m fast stop >/dev/null 2>&1 || true
    ;;
  *)
    echo "usage: $0 start|stop [DIR] [PORT]" >&2
    exit 2
    ;;
esac
