#!/usr/bin/env bash
# Builds the benchmark in Release and runs it.
#   run.sh        both steps
#   run.sh --fps  detector fps beside OpenCV (OpenCvSharp4, same process, same frames), pinned to core 0; OpenCV needs
#                 libgtk-3-0 to load (device/install-deps.sh --tests installs it)
#   run.sh --cpu [seconds]  CPU share of the CameraCapture module beside ffmpeg alone on a 720p15 stream, not pinned (as on a
#                 device, where ffmpeg and the module share the cores); about 3 minutes
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mode="${1:-}"
case "$mode" in
  ""|--fps|--cpu) ;;
  *) echo "usage: $0 [--fps|--cpu]" >&2; exit 2 ;;
esac
dotnet build "$here/EdgeCam.CameraCapture.Benchmarks.csproj" -c Release -v quiet -nologo
dll="$here/bin/Release/net10.0/EdgeCam.CameraCapture.Benchmarks.dll"
if [[ "$mode" != "--cpu" ]]; then
  taskset -c 0 dotnet "$dll" --fps
fi
if [[ "$mode" != "--fps" ]]; then
  dotnet "$dll" --cpu "${2:-30}"
fi
