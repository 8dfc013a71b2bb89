#!/usr/bin/env bash
# Builds the EventRouter benchmark in Release and runs it: motion onset to alert latency (p50/p95) per sink, with a real
# mosquitto (device/install-deps.sh --tests installs it) and a webhook on loopback.
#   run.sh [trials]   default 30 (about 25 s)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dotnet build "$here/EdgeCam.EventRouter.Benchmarks.csproj" -c Release -v quiet -nologo
dotnet "$here/bin/Release/net10.0/EdgeCam.EventRouter.Benchmarks.dll" "${1:-30}"
