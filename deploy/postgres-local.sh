#!/usr/bin/env bash
# A throwaway PostgreSQL on 127.0.0.1 for tests and the local cluster.
#   deploy/postgres-local.sh start DIR [PORT]   initdb (first time) and start; prints the connection string
#   deploy/postgres-local.sh stop DIR
# As root it runs the server as an unprivileged user (postgres if present, else one it creates),
# because PostgreSQL refuses to run as root. Installs PostgreSQL 15 with apt when it is missing.
set -euo pipefail

find_bin() {
  for dir in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin /usr/local/bin /usr/bin; do
    [ -x "$dir/pg_ctl" ] && [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
  done
  return 1
}

bin=$(find_bin || true)
if [ -z "$bin" ]; then
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >&2 || \
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  bin=$(find_bin)
fi

as_owner() {
  if [ "$(id -u)" = 0 ]; then
    local user=postgres
    id "$user" >/dev/null 2>&1 || { user=aggregation-pg; id "$user" >/dev/null 2>&1 || useradd --system --no-create-home "$user"; }
    chown -R "$user" "$dir"
    runuser -u "$user" -- "$@"
  else
    "$@"
  fi
}

cmd=${1:?usage: start DIR [PORT] | stop DIR}
dir=$(mkdir -p "${2:?data directory}" && cd "$2" && pwd)
case "$cmd" in
  start)
    port=${3:-55432}
    if [ ! -f "$dir/pgdata/PG_VERSION" ]; then
      mkdir -p "$dir/pgdata"
      as_owner "$bin/initdb" -D "$dir/pgdata" -U aggregation -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    as_owner "$bin/pg_ctl" -D "$dir/pgdata" -l "$dir/postgres.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=1000 -c fsync=on" start >&2
    echo "Host=127.0.0.1;Port=$port;Username=aggregation;Database=postgres;Maximum Pool Size=50"
    ;;
  stop)
    [ -f "$dir/pgdata/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$dir/pgdata" -m fast -w stop >&2 || true
    ;;
  *) echo "usage: start DIR [PORT] | stop DIR" >&2; exit 2 ;;
esac
