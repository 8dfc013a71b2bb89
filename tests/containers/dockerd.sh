#!/usr/bin/env bash
# Starts or stops a private Docker daemon for the container tests, idempotently, and prints where it listens.
#   dockerd.sh start    starts it unless it already answers; prints DOCKER_HOST=unix://<socket>
#   dockerd.sh stop     stops it (SIGTERM, then SIGKILL after 20 s); its images stay for the next run
#   dockerd.sh status   exits 0 when it answers, prints DOCKER_HOST=...
# No bridge network, no iptables: containers run with --network none or --network host (loopback only).
# Its images (the local base, built module images) persist in $EDGECAM_DOCKER_DIR/data between runs.
# Needs root (dockerd) and Debian's docker.io (device/install-deps.sh --tests).
set -euo pipefail

dir="${EDGECAM_DOCKER_DIR:-/var/tmp/edgecam-docker}"
# The exec root and socket live under /run: dockerd's exec root holds Unix sockets whose paths must stay short.
run="${EDGECAM_DOCKER_RUN:-/run/edgecam-docker}"
socket="$run/docker.sock"
pidfile="$run/dockerd.pid"
log="$dir/dockerd.log"

say() { printf '[dockerd] %s\n' "$*" >&2; }
# Debian docker.io's client (the API version its daemon speaks), before any other docker on PATH.
cli="$(command -v /usr/bin/docker || command -v docker || true)"
answers() { [ -S "$socket" ] && [ -n "$cli" ] && timeout 10 "$cli" -H "unix://$socket" version >/dev/null 2>&1; }

start() {
  mkdir -p "$dir" "$run"
  exec 9>"$run/start.lock"
  flock -w 60 9 || { say "another start holds $run/start.lock for over 60 s"; exit 1; }
  if answers; then
    echo "DOCKER_HOST=unix://$socket"
    return
  fi
  command -v dockerd >/dev/null 2>&1 || { say "dockerd not found: run device/install-deps.sh --tests"; exit 1; }
  [ "$(id -u)" -eq 0 ] || { say "dockerd needs root"; exit 1; }
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    say "dockerd $(cat "$pidfile") runs but does not answer on $socket; stopping it"
    stop
  fi
  rm -f "$socket" "$pidfile"
  say "starting dockerd (data $dir/data, socket $socket, log $log)"
  setsid dockerd --data-root "$dir/data" --exec-root "$run/exec" -H "unix://$socket" --pidfile "$pidfile" \
    --bridge=none --iptables=false --ip-forward=false --ip-masq=false >>"$log" 2>&1 </dev/null 9>&- &
  for _ in $(seq 1 60); do
    if answers; then
      echo "DOCKER_HOST=unix://$socket"
      return
    fi
    sleep 0.5
  done
  say "dockerd did not answer within 30 s; last lines of $log:"
  tail -n 5 "$log" >&2
  exit 1
}

stop() {
  [ -f "$pidfile" ] || return 0
  local pid
  pid="$(cat "$pidfile")"
  kill -TERM "$pid" 2>/dev/null || { rm -f "$pidfile"; return 0; }
  for _ in $(seq 1 40); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$pidfile"; return 0; }
    sleep 0.5
  done
  say "dockerd $pid still runs 20 s after SIGTERM; killing it"
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$pidfile"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) answers && echo "DOCKER_HOST=unix://$socket" ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
