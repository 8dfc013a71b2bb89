#!/usr/bin/env bash
# Runs every EdgeCam test against real components (ffmpeg, Azurite), after installing what they need.
# Ends with one line "tests: N passed, N failed, N skipped"; exits non-zero if any test failed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

echo "[tests] checking dependencies (ffmpeg, mosquitto, libgpiod, Azurite, GTK 3 for OpenCV)"
bash device/install-deps.sh --tests

echo "[tests] building"
dotnet build EdgeCam.sln -c Debug -v quiet -nologo -clp:ErrorsOnly

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
echo "[tests] running"
set +e
# "minimal" console verbosity prints each failed test with its message and stack, and nothing per passed test.
dotnet test EdgeCam.sln --no-build -c Debug -nologo -v quiet --logger "console;verbosity=minimal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# Sum the per-assembly lines ("Passed!  - Failed: 0, Passed: 16, Skipped: 0, Total: 16, ...").
read -r passed failed skipped < <(awk '
  /(Passed|Failed)! +- +Failed:/ {
    for (i = 1; i <= NF; i++) {
      if ($i == "Failed:")  { f += $(i+1) + 0 }
      if ($i == "Passed:")  { p += $(i+1) + 0 }
      if ($i == "Skipped:") { s += $(i+1) + 0 }
    }
  }
  END { print p + 0, f + 0, s + 0 }' "$log")

assemblies=$(grep -cE '(Passed|Failed)! +- +Failed:' "$log" || true)
if [ "$status" -eq 0 ] && [ "$skipped" -ne 0 ]; then
  echo "[tests] $skipped test(s) were skipped: a skipped test does not count as passing" >&2
  status=1
fi
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then
  echo "[tests] no test ran" >&2
  status=1
fi
echo "[tests] $assemblies test assemblies"
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit "$status"
