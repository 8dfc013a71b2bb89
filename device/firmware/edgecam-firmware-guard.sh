#!/usr/bin/env bash
# EdgeCam firmware guard: ExecStartPre of edgecam-agent.service, so it runs before every start of the agent,
# including each restart that Restart=always makes after a crash. It is installed once by install.sh, outside the
# releases (/usr/local/libexec, root-owned), so no update can break it, and it needs no .NET runtime.
#
# While a new release is on trial (<data>/firmware/pending names it and current points at it) it counts the
# release's starts in <data>/firmware/attempts. It rolls back, pointing current at the previous release again, when
#   - the release asked for it (<data>/firmware/unhealthy: it did not reach IoT Hub within its health timeout), or
#   - the release was started --max-attempts times (default 3) without confirming itself (it crashes at start, or
#     cannot even be loaded: no agent code is needed for this).
# The rollback is written to <data>/firmware/outcome for the previous release to report in the device twin.
# The release confirms itself by deleting pending once it reported healthy; then this script does nothing.
# Always exits 0: a guard problem must never keep the agent from starting.
#
# usage: edgecam-firmware-guard [--root /opt/edgecam] [--data /var/lib/edgecam] [--max-attempts 3]
set -uo pipefail

root="/opt/edgecam"
data="/var/lib/edgecam"
max_attempts=3

say() { echo "edgecam-firmware-guard: $*"; }

while [ $# -gt 0 ]; do
  case "$1" in
    --root) root="${2:-}"; shift 2 ;;
    --data) data="${2:-}"; shift 2 ;;
    --max-attempts) max_attempts="${2:-}"; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) say "unknown option '$1' ignored"; shift ;;
  esac
done
[[ "$max_attempts" =~ ^[1-9][0-9]*$ ]] || { say "--max-attempts '$max_attempts' is not a positive number; using 3"; max_attempts=3; }

state="$data/firmware"
pending="$state/pending"
[ -f "$pending" ] || exit 0

value() { sed -n "s/^$1=//p" "$2" | head -n 1; }

# Writes a file atomically: temp file, then rename.
put() {
  local file="$1"; shift
  printf '%s\n' "$@" >"$file.tmp" && mv -f "$file.tmp" "$file"
}

version="$(value version "$pending")"
previous="$(value previous "$pending")"
sha256="$(value sha256 "$pending")"
current="$(readlink "$root/current" 2>/dev/null || true)"
current="${current%/}"
current="${current##*/}"

if [ -z "$version" ] || [ "$current" != "$version" ]; then
  # The switch never happened (the old release stopped between writing pending and switching): nothing is on trial.
  say "pending names release '${version:-?}' but current is '${current:-none}': nothing on trial"
  rm -f "$pending" "$state/attempts" "$state/unhealthy"
  exit 0
fi

attempts="$(cat "$state/attempts" 2>/dev/null || echo 0)"
[[ "$attempts" =~ ^[0-9]+$ ]] || attempts=0

reason=""
if [ -s "$state/unhealthy" ]; then
  reason="$(head -n 1 "$state/unhealthy")"
elif [ "$attempts" -ge "$max_attempts" ]; then
  reason="release $version did not report healthy after $attempts starts"
fi

if [ -z "$reason" ]; then
  put "$state/attempts" "$((attempts + 1))"
  say "release $version on trial: start $((attempts + 1)) of $max_attempts"
  exit 0
fi

if [ -z "$previous" ] || [ ! -d "$root/releases/$previous" ]; then
  say "$reason, but the previous release '${previous:-?}' is not in $root/releases: cannot roll back"
  rm -f "$pending" "$state/attempts" "$state/unhealthy"
  exit 0
fi

ln -sfn "releases/$previous" "$root/current.rollback" && mv -fT "$root/current.rollback" "$root/current"
put "$state/outcome" \
  "state=rolledBack" \
  "version=$version" \
  "previous=$previous" \
  "sha256=$sha256" \
  "message=$reason; rolled back to $previous" \
  "time=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
rm -f "$pending" "$state/attempts" "$state/unhealthy"
say "$reason; rolled back to $previous"
exit 0
