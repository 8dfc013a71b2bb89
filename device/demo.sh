#!/usr/bin/env bash
# Runs the EdgeCam demo: the agent (all four modules in one process) on a synthetic camera made by ffmpeg,
# with Azurite standing in for Azure Blob Storage. No Pi and no Azure account needed.
#   device/demo.sh                      # 60 s synthetic camera, played in real time
#   device/demo.sh --source clip.mp4    # your own video file instead
#   device/demo.sh --console            # also the web console (http://127.0.0.1:8480), up until Ctrl+C
#   device/demo.sh --help               # every option
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

echo "[demo] checking dependencies (ffmpeg, mosquitto, libgpiod, Azurite)"
bash device/install-deps.sh

echo "[demo] building the agent"
dotnet build device/EdgeCam.Agent/EdgeCam.Agent.csproj -c Release -v quiet -nologo -clp:ErrorsOnly

echo "[demo] starting the agent"
exec dotnet "device/EdgeCam.Agent/bin/Release/net10.0/edgecam-agent.dll" demo \
  --azurite "$root/device/tools" \
  --template "$root/deployment.template.json" \
  "$@"
