#!/usr/bin/env bash
# The submission path under load (issue 3), in one run: POST /fhir/QuestionnaireResponse with wrk at 1, 16 and 64
# concurrent clients against KapCare on SQLite, a bare Kestrel endpoint (the ceiling) and KapCare on PostgreSQL.
# Builds everything in Release, starts a throw-away PostgreSQL server, and writes bench/results/submission-path.md.
#
#   bench/submission-path.sh                    # about 3 minutes on a quiet machine
#   bench/submission-path.sh --duration 15      # any KapCare.Load option (bench/KapCare.Load/LoadOptions.cs, or --help)
#
# Exits 1 if any request is answered anything but 201 Created. Every wrk run has a fixed duration.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
out="$root/.build/bench"

missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing with apt: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }
  else
    echo "The load run needs these Debian packages: ${missing[*]} (sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
fi

echo "== build (Release)"
build() { dotnet build "$1" -c Release -o "$2" --nologo -v quiet -clp:ErrorsOnly; }
build src/KapCare.Web/KapCare.Web.csproj "$out/kapcare"
build bench/BareKestrel/BareKestrel.csproj "$out/bare"
build bench/KapCare.Load/KapCare.Load.csproj "$out/load"

echo "== PostgreSQL"
source "$root/scripts/postgres-temp.sh"
pg_temp_start
trap pg_temp_stop EXIT
# pg_temp_start tunes the server for tests (fsync, synchronous_commit and full_page_writes off). A benchmark of
# the submission path measures durable commits, as a clinic's server and SQLite here make them: restart it with
# PostgreSQL's defaults, on the same socket.
port=$(sed -n 's/.*Port=\([0-9]*\).*/\1/p' <<<"$KAPCARE_TEST_POSTGRES")
$PG_TEMP_RUN_AS "$PG_TEMP_BIN/pg_ctl" -D "$PG_TEMP_DIR/data" -m fast -w stop >/dev/null
$PG_TEMP_RUN_AS "$PG_TEMP_BIN/pg_ctl" -D "$PG_TEMP_DIR/data" -l "$PG_TEMP_DIR/server.log" -w -t 60 \
  -o "-c listen_addresses='' -k $PG_TEMP_DIR -p $port -c max_connections=200" start >/dev/null
pg_info=$("$PG_TEMP_BIN/psql" -h "$PG_TEMP_DIR" -p "$port" -U postgres -d postgres -Atq -c \
  "select split_part(version(), ' on ', 1) || ', ' || string_agg(name || '=' || current_setting(name), ', ' order by name)
     from pg_settings where name in ('fsync', 'synchronous_commit', 'full_page_writes', 'shared_buffers', 'max_connections')")
echo "$pg_info"

echo "== load run"
status=0
dotnet "$out/load/KapCare.Load.dll" \
  --app "$out/kapcare/KapCare.Web.dll" --bare "$out/bare/BareKestrel.dll" --content-root "$root/src/KapCare.Web" \
  --postgres "$KAPCARE_TEST_POSTGRES" --postgres-info "$pg_info" \
  --out "$root/bench/results/submission-path.md" --command "bench/submission-path.sh${*:+ $*}" "$@" || status=$?
exit $status
