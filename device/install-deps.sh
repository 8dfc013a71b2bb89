#!/usr/bin/env bash
# Installs what EdgeCam's demo and tests need on Debian 12, idempotently, and says what it is doing.
#   install-deps.sh          what the demo needs (device/demo.sh)
#   install-deps.sh --tests  that plus the test-only packages (tests/run.sh, the benchmarks) and the arm64 part
#   install-deps.sh --arm64  the demo's packages plus the arm64 part only (tests/arm64/run.sh)
#   install-deps.sh --print-arm64-sysroot   prints where the arm64 sysroot is (or goes), installs nothing
#   apt: ffmpeg (capture, segments, clips), libgpiod2 + gpiod (GPIO for night vision on a Pi)
#   apt, --tests only: mosquitto + mosquitto-clients (the tests' MQTT broker and the benchmark's baseline), openssl
#        (test certificates for the TLS broker; not on minimal Debian images), libgtk-3-0 (OpenCvSharp4's native
#        OpenCV, the motion detector's oracle and speed anchor in tests and the benchmark, does not load without
#        GTK 3; the demo and the modules never load OpenCV), shellcheck (lints deployment/provision/provision-pi.sh).
#        python3-gi + gir1.2-gst-rtsp-server-1.0 + gstreamer1.0-plugins-base/-good (GStreamer's RTSP server: the
#        tests' loopback RTSP camera; ffmpeg cannot serve RTSP to a client), e2fsprogs + mount (mkfs.ext4 and mount -o
#        loop: the disk-full tests record onto a small volume they mount), procps (kill and pgrep: the agent fault tests
#        signal the agent's process group), docker.io (tests/EdgeCam.Containers.Tests builds the module images with a
#        private dockerd, tests/containers/dockerd.sh, FROM a local Debian base made with debootstrap (the arm64 part
#        installs it) by tests/containers/local-base.sh), chromium + chromium-driver (tests/EdgeCam.Console.Tests drive
#        the web console in headless Chromium through Selenium), iproute2 (ip netns and veth: the ONVIF discovery test
#        sends real multicast between two network namespaces it makes). No MQTT library: MQTTnet is managed.
#   arm64 part (--tests, --arm64): qemu-user-static (runs the linux-arm64 build on this x64 machine) and debootstrap,
#        which makes an arm64 sysroot for qemu's -L: the files of a minimal Debian bookworm arm64 (libc, libstdc++,
#        libssl3 for .NET's hashing), unpacked only (--foreign, nothing of it runs), at EDGECAM_ARM64_SYSROOT
#        (default /var/cache/edgecam/arm64-sysroot-bookworm), about 200 MB, made once
#   npm: Azurite (Azure Storage emulator), the Azure IoT Node SDK (MQTT wire reference in tests), the agsh onvif
#        client (ONVIF wire reference in the camera discovery tests) and that package's version 0.6.5 as onvif-mockup
#        (with coffeescript 1 and dot, which its camera mock-up needs: the ONVIF camera the discovery tests run) into
#        device/tools/node_modules (project-local)
# Set EDGECAM_SKIP_APT=1 to skip the apt part (for machines where you manage packages yourself).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

say() { printf '[install-deps] %s\n' "$*"; }

arm64_sysroot="${EDGECAM_ARM64_SYSROOT:-/var/cache/edgecam/arm64-sysroot-bookworm}"
# Files whose presence means the sysroot is complete (it is moved into place only after debootstrap succeeded).
arm64_sysroot_files=(lib/ld-linux-aarch64.so.1 usr/lib/aarch64-linux-gnu/libstdc++.so.6 usr/lib/aarch64-linux-gnu/libssl.so.3)

case "${1:-}" in
  "") tests=0; arm64=0 ;;
  --tests) tests=1; arm64=1 ;;
  --arm64) tests=0; arm64=1 ;;
  --print-arm64-sysroot) echo "$arm64_sysroot"; exit 0 ;;
  *) echo "usage: $0 [--tests | --arm64 | --print-arm64-sysroot]" >&2; exit 2 ;;
esac

apt_packages=(ffmpeg libgpiod2 gpiod tzdata) # tzdata: EventRouter schedules read IANA time zones
test_apt_packages=(mosquitto mosquitto-clients openssl libgtk-3-0 shellcheck python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base gstreamer1.0-plugins-good e2fsprogs mount procps docker.io chromium chromium-driver iproute2)
arm64_apt_packages=(qemu-user-static debootstrap)
if [ "$tests" = "1" ]; then
  apt_packages+=("${test_apt_packages[@]}")
fi
if [ "$arm64" = "1" ]; then
  apt_packages+=("${arm64_apt_packages[@]}")
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

arm64_sysroot_complete() {
  local f
  for f in "${arm64_sysroot_files[@]}"; do [ -e "$arm64_sysroot/$f" ] || return 1; done
}

if [ "$arm64" = "1" ]; then
  if arm64_sysroot_complete; then
    say "arm64 sysroot present: $arm64_sysroot"
  elif [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then
    say "need root to make the arm64 sysroot at $arm64_sysroot (debootstrap)"; exit 1
  else
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    # The mirror apt already uses (deb822 "URIs:" or a one-line "deb" entry), so no other host is contacted.
    mirror="$(grep -hsE '^(URIs:|deb )' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list /etc/apt/sources.list \
      | grep -v security | head -n1 | awk '{ print ($1 == "deb") ? ($2 ~ /^\[/ ? $3 : $2) : $2 }' || true)"
    mirror="${mirror:-http://deb.debian.org/debian}"
    say "making the arm64 sysroot at $arm64_sysroot (debootstrap --foreign from $mirror, about 30 s)"
    partial="$arm64_sysroot.partial"
    $sudo rm -rf "$partial"
    $sudo mkdir -p "$(dirname "$arm64_sysroot")"
    if ! $sudo debootstrap --foreign --variant=minbase --arch=arm64 --include=libssl3,libstdc++6 bookworm "$partial" "$mirror" >"${TMPDIR:-/tmp}/edgecam-debootstrap.log" 2>&1; then
      say "debootstrap failed; its log: ${TMPDIR:-/tmp}/edgecam-debootstrap.log"; exit 1
    fi
    # --foreign unpacks only the required set; the included packages wait for a second stage that never runs here.
    for deb in "$partial"/var/cache/apt/archives/libssl3_*.deb; do $sudo dpkg-deb -x "$deb" "$partial"; done
    $sudo rm -f "$partial"/var/cache/apt/archives/*.deb
    $sudo rm -rf "$arm64_sysroot"
    $sudo mv "$partial" "$arm64_sysroot"
    if ! arm64_sysroot_complete; then say "the arm64 sysroot at $arm64_sysroot lacks one of: ${arm64_sysroot_files[*]}"; exit 1; fi
    say "arm64 sysroot made: $arm64_sysroot"
  fi
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
for (const [name, pinned] of Object.entries(require("./package.json").dependencies)) {
  const version = pinned.replace(/^npm:.+@/, "");  // an alias: "onvif-mockup": "npm:onvif@0.6.5"
  try { if (JSON.parse(fs.readFileSync(`node_modules/${name}/package.json`, "utf8")).version !== version) missing.push(name); }
  catch { missing.push(name); }
}
console.log(missing.join(" "));')"
if [ -z "$tools_missing" ]; then
  say "Node tools present in device/tools/node_modules (Azurite, Azure IoT Node SDK, onvif, the onvif mock-up)"
else
  say "installing Node tools into device/tools/node_modules (npm ci; missing or outdated: $tools_missing)"
  (cd "$here/tools" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  say "Node tools installed"
fi
