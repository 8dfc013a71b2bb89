#!/usr/bin/env bash
# Clip upload throughput to a local Azurite: BlobBuffer's AzureBlobTarget (blocks with transactional MD5, block list,
# commit) beside one plain HTTP PUT (Put Blob with a SAS, no checksum) of the same bytes. Not part of the test suite.
#   tests/EdgeCam.BlobBuffer.Benchmarks/run.sh [clip MiB] [rounds] [block KiB]   (default 64 MiB, 5 rounds, 4096 KiB)
# Encryption throughput (ClipEncryptor beside a plain durable file copy, and AES-GCM alone in memory):
#   tests/EdgeCam.BlobBuffer.Benchmarks/run.sh encrypt [file MiB] [rounds]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dotnet build "$here/EdgeCam.BlobBuffer.Benchmarks.csproj" -c Release -nologo -v quiet >/dev/null
exec dotnet "$here/bin/Release/net10.0/EdgeCam.BlobBuffer.Benchmarks.dll" "$@"
