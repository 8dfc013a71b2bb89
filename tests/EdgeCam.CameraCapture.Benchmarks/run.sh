#!/usr/bin/env bash
# Builds the detector benchmark in Release and runs it pinned to core 0 (the OpenCV baseline inherits the pinning).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dotnet build "$here/EdgeCam.CameraCapture.Benchmarks.csproj" -c Release -v quiet -nologo
exec taskset -c 0 dotnet "$here/bin/Release/net10.0/EdgeCam.CameraCapture.Benchmarks.dll"
