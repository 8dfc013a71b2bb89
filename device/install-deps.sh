#!/usr/bin/env bash
# Installs what EdgeCam's demo and tests need on Debian 12, idempotently, and says what it is doing.
#   install-deps.sh          what the demo needs (device/demo.sh)
#   install-deps.sh --tests  that plus the test-only packages (tests/run.sh, the benchmarks)
#   apt: ffmpeg (capture, segments, clips), libgpiod2 + gpiod (GPIO for night vision on a Pi)
#   apt, --tests only: mosquitto + mosquitto-clients (the tests' MQTT broker and the benchmark's baseline), openssl
#        (test certificates for the TLS broker; not on minimal Debian images), libgtk-3-0 (OpenCvSharp4's native
#        OpenCV, the motion detector's oracle and speed anchor in tests and the benchmark, does not load without
#        GTK 3; the demo and the modules never load OpenCV), docker.io + debootstrap (tests/EdgeCam.Containers.Tests
#        builds the module images with a private dockerd, tests/containers/dockerd.sh, FROM a local Debian base made
#        by tests/containers/local-base.sh). No MQTT library: MQTTnet is managed.
#   npm: Azurite (Azure Storage emulator) and the Azure IoT Node SDK (MQTT wire reference in tests) into
#        device/tools/node_modules (project-local)
# Set EDGECAM_SKIP_APT=1 to skip the apt part (for machines where you manage packages yourself).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

say() { printf '[install-deps] %s\n' "$*"; }

case "${1:-}" in
  "") tests=0 ;;
  --tests) tests=1 ;;
  *) echo "usage: $0 [--tests]" >&2; exit 2 ;;
esac

apt_packages=(ffmpeg libgpiod2 gpiod)
test_apt_packages=(mosquitto mosquitto-clients openssl libgtk-3-0 docker.io debootstrap)
if [ "$tests" = "1" ]; then
  apt_packages+=("${test_apt_packages[@]}")
fi
missing=()
for p in "${apt_packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${EDGECAM_SKIP_APT:-0}" = "1" ]; then
  say "EDGECAM_SKIP_APT=1: not touching apt packages (missing: ${missing[*]:-none})"
elif [ ${#missing[@]} -eq 0 ]; then
  say "apt packages present: ${apt_packages[*]}"
else
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else say "need root to install: ${missing[*]}"; exit 1; fi
  fi
  say "installing apt packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  say "apt packages installed"
fi

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  say "Node.js and npm are required (for Azurite). Install Node 20 or later, then run this again."
  exit 1
fi

# Every dependency of device/tools/package.json (Azurite, the Azure IoT Node SDK used as the MQTT wire reference)
# must be installed at its pinned version; otherwise npm ci installs exactly what package-lock.json says.
tools_missing="$(cd "$here/tools" && node -e '
const fs = require("fs");
const missing = [];
for (const [name, version] of Object.entries(require("./package.json").dependencies)) {
  try { if (JSON.parse(fs.readFileSync(`node_modules/${name}/package.json`, "utf8")).version !== version) missing.push(name); }
  catch { missing.push(name); }
}
console.log(missing.join(" "));')"
if [ -z "$tools_missing" ]; then
  say "Node tools present in device/tools/node_modules (Azurite, Azure IoT Node SDK)"
else
  say "installing Node tools into device/tools/node_modules (npm ci; missing or outdated: $tools_missing)"
  (cd "$here/tools" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  say "Node tools installed"
fi
