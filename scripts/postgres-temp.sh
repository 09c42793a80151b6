#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server in a temp folder, listening only on a Unix socket there.
# Usage: source scripts/postgres-temp.sh  -> sets KAPCARE_TEST_POSTGRES and PG_TEMP_DIR; call pg_temp_stop when done.
set -euo pipefail

pg_bin_dir() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    if [ -x "$d/initdb" ]; then echo "$d"; return 0; fi
  done
  command -v initdb >/dev/null 2>&1 && dirname "$(command -v initdb)" && return 0
  return 1
}

pg_temp_start() {
  local bin port run_as=()
  bin=$(pg_bin_dir) || { echo "PostgreSQL server binaries not found (initdb)." >&2; return 1; }
  PG_TEMP_DIR=$(mktemp -d /tmp/kapcare-pg.XXXXXX)
  port=$(( 54000 + RANDOM % 1000 ))
  if [ "$(id -u)" = "0" ]; then
    # initdb refuses to run as root: run the server as the postgres system user.
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$PG_TEMP_DIR"
    run_as=(runuser -u postgres --)
  fi
  "${run_as[@]}" "$bin/initdb" -D "$PG_TEMP_DIR/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$PG_TEMP_DIR/initdb.log" 2>&1 \
    || { cat "$PG_TEMP_DIR/initdb.log" >&2; return 1; }
  "${run_as[@]}" "$bin/pg_ctl" -D "$PG_TEMP_DIR/data" -l "$PG_TEMP_DIR/server.log" -w -t 60 \
    -o "-c listen_addresses='' -k $PG_TEMP_DIR -p $port -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null \
    || { cat "$PG_TEMP_DIR/server.log" >&2; return 1; }
  PG_TEMP_BIN="$bin"
  PG_TEMP_RUN_AS="${run_as[*]}"
  export KAPCARE_TEST_POSTGRES="Host=$PG_TEMP_DIR;Port=$port;Username=postgres;Database=postgres;Pooling=true"
  export PG_TEMP_DIR PG_TEMP_BIN PG_TEMP_RUN_AS
}

pg_temp_stop() {
  if [ -n "${PG_TEMP_DIR:-}" ] && [ -d "$PG_TEMP_DIR/data" ]; then
    ${PG_TEMP_RUN_AS:-} "$PG_TEMP_BIN/pg_ctl" -D "$PG_TEMP_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_TEMP_DIR"
  fi
}
