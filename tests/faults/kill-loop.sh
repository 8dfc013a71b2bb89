#!/usr/bin/env bash
# Longer runs of the agent fault tests (tests/EdgeCam.Agent.Tests/Faults), printing their figures: events detected,
# clips cut, clips in storage, duplicates, MD5 mismatches, lost events. tests/run.sh runs the same
# tests at their suite sizes (30 kills, 6 stops, a 5 s outage); this script runs them longer.
#
#   tests/faults/kill-loop.sh [--kills N] [--stops N] [--outage-seconds N] [--drain-seconds N] [--seed N] [--keep]
#                             [kill|stop|blackhole|all]
#
#   tests/faults/kill-loop.sh --kills 300                     # 300 SIGKILLs (about 25 min), then the drain
#   tests/faults/kill-loop.sh --outage-seconds 7200 blackhole  # storage blackholed for two hours after the stall
#   tests/faults/kill-loop.sh --seed 653850645 kill            # replay the run lengths of an earlier run
#
# --keep leaves each run's directory (agent.log with every run's output, the data directory, Azurite's data) in /tmp;
# its path is printed. Exits non-zero when a test failed (lost, duplicated or mismatched clips, or a harness error).
set -euo pipefail
self="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"
root="$(cd "$(dirname "$self")/../.." && pwd)"
cd "$root"

which=all
while [ $# -gt 0 ]; do
  case "$1" in
    --kills) export EDGECAM_FAULT_KILLS="$2"; shift 2 ;;
    --stops) export EDGECAM_FAULT_STOPS="$2"; shift 2 ;;
    --outage-seconds) export EDGECAM_FAULT_OUTAGE_SECONDS="$2"; shift 2 ;;
    --drain-seconds) export EDGECAM_FAULT_DRAIN_SECONDS="$2"; shift 2 ;;
    --seed) export EDGECAM_FAULT_SEED="$2"; shift 2 ;;
    --keep) export EDGECAM_FAULT_KEEP=1; shift ;;
    kill|stop|blackhole|all) which="$1"; shift ;;
    -h|--help) sed -n '2,14p' "$self" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown argument '$1'. Try: tests/faults/kill-loop.sh --help" >&2; exit 2 ;;
  esac
done

case "$which" in
  kill) filter="FullyQualifiedName~Faults.AgentKillLoopTests" ;;
  stop) filter="FullyQualifiedName~Faults.AgentStopLoopTests" ;;
  blackhole) filter="FullyQualifiedName~Faults.AgentBlackholedStorageTests" ;;
  all) filter="Category=Faults" ;;
esac

bash device/install-deps.sh --tests
dotnet build tests/EdgeCam.Agent.Tests/EdgeCam.Agent.Tests.csproj -c Debug -v quiet -nologo -clp:ErrorsOnly

report="$(mktemp)"
trap 'rm -f "$report"' EXIT
export EDGECAM_FAULT_REPORT="$report"
set +e
dotnet test tests/EdgeCam.Agent.Tests --no-build -c Debug -nologo -v quiet --filter "$filter" --logger "console;verbosity=minimal"
status=$?
set -e
echo
echo "== figures"
cat "$report"
exit "$status"
