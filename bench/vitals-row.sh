#!/usr/bin/env bash
# Recording one vitals row at the chair under load (issue 10): the session chart's vitals POST by nurses' cookie clients,
# at 1 and 16 clients back to back and 16 nurses paced at a row a second each, without and with a year of sessions in the
# database, in one run of about 3 minutes. KapCare runs inside the driver (bench/KapCare.VitalsLoad) on a loopback port,
# seeded with the demo clinic. Writes bench/results/vitals-row.md; exits 1 if any row is refused or fails.
#
#   bench/vitals-row.sh
#   bench/vitals-row.sh --seconds 30 --clients 1,4,16 --history-days 730
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
export DOTNET_USE_POLLING_FILE_WATCHER=true
"$root/scripts/prerequisites.sh" run
out="$root/.build/bench/vitals"
echo "== build (Release)"
dotnet build bench/KapCare.VitalsLoad/KapCare.VitalsLoad.csproj -c Release -o "$out" --nologo -v quiet -clp:ErrorsOnly
echo "== load run"
KAPCARE_CONTENT_ROOT="$root/src/KapCare.Web" dotnet "$out/KapCare.VitalsLoad.dll" --output bench/results/vitals-row.md "$@"
