#!/usr/bin/env bash
# MQTT transport benchmark: builds in Release and runs against a local mosquitto on loopback (plain and TLS),
# beside mosquitto_pub, then prints the RSS of a process holding an idle connection. Not part of the test suite.
#   tests/EdgeCam.Edge.Benchmarks/run.sh [messages]   (default 5000)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dotnet build "$here/EdgeCam.Edge.Benchmarks.csproj" -c Release -nologo -v quiet >/dev/null
exec dotnet "$here/bin/Release/net10.0/EdgeCam.Edge.Benchmarks.dll" "$@"
