#!/usr/bin/env bash
# First install of the EdgeCam agent as firmware on a Raspberry Pi OS (bookworm) without IoT Edge. Later releases
# arrive over the air through the device twin's "firmware" section; this script is run once (again only to repair).
#   - creates the system user 'edgecam' (groups video, gpio, i2c where they exist);
#   - unpacks the release package into /opt/edgecam/releases/<version> and points /opt/edgecam/current at it
#     (only when there is no current yet: an installed device keeps the release its twin chose);
#   - installs the firmware guard (/usr/local/libexec/edgecam-firmware-guard) and the unit
#     (/etc/systemd/system/edgecam-agent.service);
#   - creates /etc/edgecam/agent.env (identity and storage variables, mode 0640) if absent, copies the deployment
#     template to /etc/edgecam/deployment.template.json if absent, and prepares the data volume /var/lib/edgecam;
#   - enables and starts the unit.
# Idempotent: a second run changes nothing that is already right. Every failure is one line and exit 2.
#
# usage: sudo install.sh --package edgecam-agent-<version>.tar.gz [--template deployment.template.json] [--root DIR]
#   --package FILE    a release package made by 'edgecam-agent firmware pack'
#   --template FILE   the deployment template the agent runs (default: the repository's deployment.template.json)
#   --root DIR        write every file under DIR and run no user or service command (for a try-out or a test;
#                     what would run is printed)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
package="" template="$here/../../deployment.template.json" root=""
user="edgecam"

fail() { echo "install: $*" >&2; exit 2; }
say() { echo "[install] $*"; }
run() { if [ -n "$root" ]; then say "would run: $*"; else "$@"; fi; }

while [ $# -gt 0 ]; do
  case "$1" in
    --package) package="${2:-}"; shift 2 ;;
    --template) template="${2:-}"; shift 2 ;;
    --root) root="${2:-}"; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) fail "unknown option '$1' (see --help)" ;;
  esac
done

[ -n "$package" ] || fail "--package is required (a release package made by 'edgecam-agent firmware pack')"
[ -f "$package" ] || fail "--package '$package' does not exist"
[ -f "$template" ] || fail "--template '$template' does not exist"
# The stamp is at the package's top level ("firmware-version", or "./firmware-version" when packed with tar -C dir .).
version="$( { tar -xzOf "$package" firmware-version 2>/dev/null || tar -xzOf "$package" ./firmware-version 2>/dev/null; } | head -n 1 || true)"
[ -n "$version" ] || fail "--package '$package' is not a release package (no firmware-version in it)"
[[ "$version" =~ ^[A-Za-z0-9._+-]{1,64}$ ]] || fail "--package '$package' names version '$version', which is not a release name"
if [ -z "$root" ] && [ "$(id -u)" -ne 0 ]; then fail "run as root (sudo), or with --root DIR to try it out"; fi

prefix="$root/opt/edgecam"
data="$root/var/lib/edgecam"
etc="$root/etc/edgecam"

# Writes $2 to $1 with mode $3 unless the file already has exactly that content.
install_file() {
  local target="$1" source="$2" mode="$3"
  if [ -f "$target" ] && cmp -s "$source" "$target"; then
    say "$target already up to date"
  else
    mkdir -p "$(dirname "$target")"
    cp "$source" "$target.tmp" && chmod "$mode" "$target.tmp" && mv -f "$target.tmp" "$target"
    say "wrote $target"
  fi
}

if id -u "$user" >/dev/null 2>&1; then
  say "user $user exists"
else
  groups=""
  for g in video gpio i2c; do
    if getent group "$g" >/dev/null 2>&1; then groups="${groups:+$groups,}$g"; fi
  done
  run useradd --system --no-create-home --home-dir /var/lib/edgecam --shell /usr/sbin/nologin ${groups:+--groups "$groups"} "$user"
fi

release="$prefix/releases/$version"
if [ -f "$release/firmware-version" ]; then
  say "release $version already in $release"
else
  mkdir -p "$prefix/releases"
  partial="$prefix/releases/.$version.partial"
  rm -rf "$partial"
  mkdir -p "$partial"
  tar -xzf "$package" -C "$partial" --no-same-owner
  [ -f "$partial/edgecam-agent.dll" ] || { rm -rf "$partial"; fail "--package '$package' holds no edgecam-agent.dll"; }
  mv "$partial" "$release"
  say "unpacked release $version into $release"
fi

if [ -L "$prefix/current" ]; then
  say "$prefix/current already points at $(readlink "$prefix/current") (updates come from the device twin)"
else
  ln -sfn "releases/$version" "$prefix/current.new" && mv -fT "$prefix/current.new" "$prefix/current"
  say "pointed $prefix/current at releases/$version"
fi

install_file "$root/usr/local/libexec/edgecam-firmware-guard" "$here/edgecam-firmware-guard.sh" 755
install_file "$root/etc/systemd/system/edgecam-agent.service" "$here/edgecam-agent.service" 644
install_file "$etc/deployment.template.json" "$template" 644

if [ -f "$etc/agent.env" ]; then
  say "$etc/agent.env exists (kept)"
else
  mkdir -p "$etc"
  cat >"$etc/agent.env.tmp" <<'ENV'
# EdgeCam agent environment (read by edgecam-agent.service). Keep this file 0640 root:edgecam.
# IoT Hub identity: a device connection string, or DPS with a symmetric key.
#EDGECAM_DEVICE_CONNECTION_STRING=HostName=myhub.azure-devices.net;DeviceId=pi-1;SharedAccessKey=...
#EDGECAM_DPS_KEY=...
# Clip storage: an account connection string or a container SAS URL.
#EDGECAM_STORAGE_SAS_URL=https://account.blob.core.windows.net/clips?sv=...
ENV
  chmod 640 "$etc/agent.env.tmp" && mv -f "$etc/agent.env.tmp" "$etc/agent.env"
  say "wrote $etc/agent.env (fill in the identity, then: systemctl restart edgecam-agent)"
fi

mkdir -p "$data"
run chown -R "$user:$user" "$root/opt/edgecam" "$root/var/lib/edgecam"
run chown "root:$user" "$etc/agent.env"
run systemctl daemon-reload
run systemctl enable --now edgecam-agent.service
say "done: release $version installed; logs: journalctl -u edgecam-agent -f"
