#!/usr/bin/env bash
# Builds the local stand-ins for the images the module Dockerfiles name, because no registry can be pulled here:
#   edgecam-local/bookworm-runtime:<hash>  Debian bookworm (debootstrap minbase) + what .NET needs (stands in for
#                                          debian:bookworm-slim after the Dockerfile's apt step for BlobBuffer, EventRouter)
#   edgecam-local/bookworm-media:<hash>    that + ffmpeg, libgpiod2, gpiod (for SegmentRecorder, CameraCapture)
#   edgecam-local/dotnet:<version>         /usr/share/dotnet with the host's .NET and ASP.NET Core runtimes, in the layout
#                                          of Microsoft's aspnet image (stands in for mcr.microsoft.com/dotnet/aspnet:10.0-noble)
# Idempotent: an image whose tag (a hash of its package list, or the runtime version) exists is kept, so a second run takes
# a second. Prints one line per image: NAME=image:tag. Needs root, debootstrap and a running private dockerd
# (DOCKER_HOST from tests/containers/dockerd.sh start).
set -euo pipefail
shopt -s inherit_errexit
say() { printf '[local-base] %s\n' "$*" >&2; }
cli="$(command -v /usr/bin/docker || command -v docker)"
: "${DOCKER_HOST:?set DOCKER_HOST (tests/containers/dockerd.sh start prints it)}"
export DOCKER_HOST

# What the Dockerfiles' apt step installs on debian:bookworm-slim (keep in step with modules/*/Dockerfile.*).
# No ICU: every project builds with InvariantGlobalization (Directory.Build.props).
runtime_packages=(ca-certificates libssl3 tzdata)
media_packages=(ffmpeg libgpiod2 gpiod)
# The Debian mirror apt uses on this machine (deb822 or one-line sources), else deb.debian.org.
mirror="$(grep -hoE '(URIs:|^deb) +https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null \
  | grep -oE 'https?://[^ ]+' | head -n 1 || true)"
mirror="${mirror:-http://deb.debian.org/debian}"
# The tag is a hash of what goes into a base: a changed package list builds new ones, anything else keeps them.
hash="$(printf '%s\n' bookworm minbase "${runtime_packages[*]}" "${media_packages[*]}" | sha256sum | cut -c1-12)"
cache="${EDGECAM_DOCKER_DIR:-/var/tmp/edgecam-docker}/debootstrap-cache"

has_image() { "$cli" image inspect "$1" >/dev/null 2>&1; }

bootstrap() { # name, packages...
  local image="edgecam-local/$1:$hash"; shift
  if has_image "$image"; then echo "$image"; return; fi
  command -v debootstrap >/dev/null 2>&1 || { say "debootstrap not found: run device/install-deps.sh --tests"; exit 1; }
  local rootfs; rootfs="$(mktemp -d /var/tmp/edgecam-rootfs.XXXXXX)"
  mkdir -p "$cache"
  say "debootstrap bookworm from $mirror with: $*"
  local include; include="$(IFS=,; echo "$*")"
  if ! debootstrap --variant=minbase --cache-dir="$cache" --include="$include" bookworm "$rootfs" "$mirror" > "$rootfs.log" 2>&1; then
    say "debootstrap failed; last lines of $rootfs.log:"; tail -n 5 "$rootfs.log" >&2; rm -rf "$rootfs"; exit 1
  fi
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/archives/*.deb
  tar -C "$rootfs" -c . | "$cli" import - "$image" >/dev/null
  rm -rf "$rootfs" "$rootfs.log"
  say "built $image"
  echo "$image"
}

dotnet_image() {
  local root; root="$(dirname "$(readlink -f "$(command -v dotnet)")")"
  local version; version="$(find "$root/shared/Microsoft.AspNetCore.App" -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -V | tail -n 1)"
  local netcore; netcore="$(find "$root/shared/Microsoft.NETCore.App" -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -V | tail -n 1)"
  local image="edgecam-local/dotnet:$version-$netcore"
  if has_image "$image"; then echo "$image"; return; fi
  local ctx; ctx="$(mktemp -d /var/tmp/edgecam-dotnet.XXXXXX)"
  mkdir -p "$ctx/usr/share/dotnet/shared/Microsoft.NETCore.App" "$ctx/usr/share/dotnet/shared/Microsoft.AspNetCore.App" "$ctx/usr/share/dotnet/host"
  cp -a "$root/dotnet" "$root/LICENSE.txt" "$root/ThirdPartyNotices.txt" "$ctx/usr/share/dotnet/"
  cp -a "$root/host/fxr" "$ctx/usr/share/dotnet/host/"
  cp -a "$root/shared/Microsoft.NETCore.App/$netcore" "$ctx/usr/share/dotnet/shared/Microsoft.NETCore.App/"
  cp -a "$root/shared/Microsoft.AspNetCore.App/$version" "$ctx/usr/share/dotnet/shared/Microsoft.AspNetCore.App/"
  tar -C "$ctx" -c . | "$cli" import - "$image" >/dev/null
  rm -rf "$ctx"
  say "built $image from $root"
  echo "$image"
}

runtime_base="$(bootstrap bookworm-runtime "${runtime_packages[@]}")"
media_base="$(bootstrap bookworm-media "${runtime_packages[@]}" "${media_packages[@]}")"
dotnet="$(dotnet_image)"
# Bases of an older package list or runtime are untagged, so the daemon's data root does not grow with every change.
"$cli" images --format '{{.Repository}}:{{.Tag}}' | grep '^edgecam-local/' | while read -r old; do
  case "$old" in
    "$runtime_base" | "$media_base" | "$dotnet") ;;
    *) if "$cli" rmi "$old" >/dev/null 2>&1; then say "removed the old base $old"; fi ;;
  esac
done
echo "RUNTIME_BASE=$runtime_base"
echo "MEDIA_BASE=$media_base"
echo "DOTNET_IMAGE=$dotnet"
