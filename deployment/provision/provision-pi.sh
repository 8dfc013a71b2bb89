#!/usr/bin/env bash
# Provisions a fresh Raspberry Pi OS (bookworm, arm64) as an EdgeCam camera under Azure IoT Edge:
#   - installs the IoT Edge runtime (aziot-edge) and the Moby engine from Microsoft's package repository;
#   - writes /etc/aziot/config.toml for DPS with a symmetric key (individual enrollment: the device key;
#     group enrollment: the group key, from which the device key is derived as DPS does);
#   - turns on the camera and I2C, loads i2c-dev, and records the numeric group ids the containers need;
#   - prepares the shared volume (/var/lib/edgecam) for the modules' non-root user;
#   - sets docker log rotation, IoT Edge image garbage collection and checks time synchronisation.
# Idempotent: a second run changes nothing that is already right. Every failure is one line and a non-zero exit.
#
# usage: sudo provision-pi.sh --scope-id ID --registration-id NAME (--device-key KEY | --group-key KEY) [options]
#   --global-endpoint URL   DPS endpoint (default https://global.azure-devices-provisioning.net)
#   --data-dir DIR          the shared volume (default /var/lib/edgecam)
#   --data-owner UID:GID    owner of the shared volume (default 1654:1654, the modules' 'app' user)
#   --root DIR              write every file under DIR and run no package manager or service command
#                           (for a try-out or a test; what would run is printed)
set -euo pipefail

scope_id="" registration_id="" device_key="" group_key=""
global_endpoint="https://global.azure-devices-provisioning.net"
data_dir="/var/lib/edgecam"
data_owner="1654:1654"
root=""

fail() { echo "provision-pi: $*" >&2; exit 2; }
say() { echo "[provision] $*"; }

while [ $# -gt 0 ]; do
  case "$1" in
    --scope-id) scope_id="${2:-}"; shift 2 ;;
    --registration-id) registration_id="${2:-}"; shift 2 ;;
    --device-key) device_key="${2:-}"; shift 2 ;;
    --group-key) group_key="${2:-}"; shift 2 ;;
    --global-endpoint) global_endpoint="${2:-}"; shift 2 ;;
    --data-dir) data_dir="${2:-}"; shift 2 ;;
    --data-owner) data_owner="${2:-}"; shift 2 ;;
    --root) root="${2:-}"; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) fail "unknown option '$1' (see --help)" ;;
  esac
done

[ -n "$scope_id" ] || fail "--scope-id is required (the DPS instance's ID Scope, e.g. 0ne00000000)"
[ -n "$registration_id" ] || fail "--registration-id is required (the device's name in DPS)"
[[ "$registration_id" =~ ^[a-z0-9.:_-]{1,128}$ ]] \
  || fail "--registration-id '$registration_id' must be lower-case letters, digits and . : _ - (at most 128)"
if [ -n "$device_key" ] && [ -n "$group_key" ]; then
  fail "give --device-key (individual enrollment) or --group-key (group enrollment), not both"
fi
[ -n "$device_key$group_key" ] || fail "--device-key or --group-key is required"
[[ "$data_owner" =~ ^[0-9]+:[0-9]+$ ]] || fail "--data-owner '$data_owner' must be numeric UID:GID"

is_base64_key() { [[ "$1" =~ ^[A-Za-z0-9+/]+={0,2}$ ]] && printf '%s' "$1" | base64 -d >/dev/null 2>&1; }

if [ -n "$group_key" ]; then
  is_base64_key "$group_key" || fail "--group-key is not base64 (copy the enrollment group's primary key)"
  # DPS group enrollment: the device key is HMAC-SHA256 over the registration id, keyed with the decoded group key.
  hex_key="$(printf '%s' "$group_key" | base64 -d | od -An -vtx1 | tr -d ' \n')"
  device_key="$(printf '%s' "$registration_id" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$hex_key" -binary | base64)"
  say "device key derived from the group key for '$registration_id'"
else
  is_base64_key "$device_key" || fail "--device-key is not base64 (copy the individual enrollment's primary key)"
fi

run() {
  if [ -n "$root" ]; then say "would run: $*"; else "$@"; fi
}

# Writes stdin to a file under the root when its content differs; keeps the mode given.
write_file() {
  local path="$root$1" mode="$2" tmp
  mkdir -p "$(dirname "$path")"
  tmp="$(mktemp)"
  cat > "$tmp"
  if [ -f "$path" ] && cmp -s "$tmp" "$path"; then
    rm -f "$tmp"
    say "$1 already up to date"
  else
    install -m "$mode" "$tmp" "$path"
    rm -f "$tmp"
    say "wrote $1"
  fi
}

# Appends a line to a file under the root unless it is there already.
ensure_line() {
  local path="$root$1" line="$2"
  mkdir -p "$(dirname "$path")"
  touch "$path"
  if grep -qxF "$line" "$path"; then
    say "$1 already has '$line'"
  else
    printf '%s\n' "$line" >> "$path"
    say "added '$line' to $1"
  fi
}

if [ -z "$root" ] && [ "$(id -u)" -ne 0 ]; then
  fail "run as root (sudo), or with --root DIR for a try-out"
fi

# 1. IoT Edge runtime from Microsoft's repository (Debian 12 packages serve Raspberry Pi OS bookworm arm64).
if [ -z "$root" ] && dpkg -s aziot-edge >/dev/null 2>&1; then
  say "aziot-edge already installed"
else
  run curl -fsSL https://packages.microsoft.com/config/debian/12/packages-microsoft-prod.deb -o /tmp/packages-microsoft-prod.deb
  run dpkg -i /tmp/packages-microsoft-prod.deb
  run apt-get update
  run apt-get install -y moby-engine aziot-edge
fi

# 2. config.toml: DPS with a symmetric key, image garbage collection. The key is inline, so the file is 0600.
host_name="$(hostname 2>/dev/null || echo edgecam)"
write_file /etc/aziot/config.toml 600 <<TOML
# Written by EdgeCam's provision-pi.sh. Apply changes with: sudo iotedge config apply
hostname = "$host_name"

[provisioning]
source = "dps"
global_endpoint = "$global_endpoint"
id_scope = "$scope_id"

[provisioning.attestation]
method = "symmetric_key"
registration_id = "$registration_id"
symmetric_key = { value = "$device_key" }

[image_garbage_collection]
enabled = true
cleanup_recurrence = "1d"
image_age_cleanup_threshold = "7d"
cleanup_time = "00:00"
TOML

# 3. Docker log rotation (IoT Edge's check warns without it): kept if the file exists with other content.
if [ -f "$root/etc/docker/daemon.json" ] && ! grep -q '"max-size"' "$root/etc/docker/daemon.json"; then
  say "/etc/docker/daemon.json exists without log rotation: add \"log-opts\": {\"max-size\": \"10m\", \"max-file\": \"3\"} by hand"
else
  write_file /etc/docker/daemon.json 644 <<'JSON'
{
  "log-driver": "json-file",
  "log-opts": { "max-size": "10m", "max-file": "3" }
}
JSON
fi

# 4. Camera, I2C (light sensor) and GPIO (IR-cut filter, IR LEDs).
boot_config=/boot/firmware/config.txt
ensure_line "$boot_config" "camera_auto_detect=1"
ensure_line "$boot_config" "dtparam=i2c_arm=on"
ensure_line /etc/modules-load.d/edgecam.conf "i2c-dev"
# Containers cannot resolve group names of the host: createOptions need the numeric ids (HostConfig.GroupAdd).
groups_line=""
for group in video gpio i2c; do
  gid="$(getent group "$group" | cut -d: -f3 || true)"
  groups_line="$groups_line${group}=${gid:-missing} "
done
write_file /etc/edgecam/device-groups 644 <<<"${groups_line% }"
say "numeric groups for HostConfig.GroupAdd: ${groups_line% }"

# 5. The shared volume, owned by the modules' non-root user.
mkdir -p "$root$data_dir"
if [ -z "$root" ]; then
  chown "$data_owner" "$data_dir"
fi
say "shared volume $data_dir (owner $data_owner)"

# 6. Time: SAS tokens and TLS fail with a wrong clock.
run systemctl enable --now systemd-timesyncd
run iotedge config apply -c /etc/aziot/config.toml
say "done: reboot once if the camera or I2C were just enabled; then 'sudo iotedge check' and 'sudo iotedge list'"
