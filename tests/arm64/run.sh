#!/usr/bin/env bash
# Runs EdgeCam's linux-arm64 build on this x64 machine under qemu-user (qemu-aarch64-static with an arm64 sysroot):
# the motion detector's SIMD-equals-scalar test cases (its Vector128 path, the only SIMD path on a Raspberry Pi) and
# the agent's demo pipeline on a short synthetic clip. tests/EdgeCam.Arm64.Tests runs these steps in the suite.
#   tests/arm64/run.sh                 all of it: dependencies, publish, simd, speed, demo (20 s synthetic camera)
#   tests/arm64/run.sh deps            qemu-user-static and the arm64 sysroot (device/install-deps.sh --arm64)
#   tests/arm64/run.sh publish         self-contained linux-arm64 publish of edgecam-agent and EdgeCam.Arm64.SimdCheck
#   tests/arm64/run.sh simd            the SIMD check under qemu (published before)
#   tests/arm64/run.sh speed           the detector's speed per path under qemu (information only)
#   tests/arm64/run.sh demo [ARGS]     `edgecam-agent demo ARGS` under qemu (published before); without ARGS:
#                                      --duration 20 --fast --azurite device/tools --data .edgecam/arm64/demo
# Output goes under .edgecam/arm64/ (publish/, artifacts/ for the arm64 build's obj and bin, demo/); publishing again
# is incremental. ffmpeg and Azurite (Node) stay the host's x64 programs: qemu-user hands the emulated agent's exec
# of them to the kernel, which runs them natively (binfmt_misc is not needed, nor used).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

out="$root/.edgecam/arm64"
agent_dir="$out/publish/agent"
simd_dir="$out/publish/simd-check"
say() { printf '[arm64] %s\n' "$*"; }

sysroot="$(bash device/install-deps.sh --print-arm64-sysroot)"

need_published() {
  if [ ! -x "$1" ]; then
    say "$1 is missing: run tests/arm64/run.sh publish first"
    exit 1
  fi
}

emulate() {
  if ! command -v qemu-aarch64-static >/dev/null 2>&1 || [ ! -e "$sysroot/lib/ld-linux-aarch64.so.1" ]; then
    say "qemu-aarch64-static or the arm64 sysroot ($sysroot) is missing: run tests/arm64/run.sh deps"
    exit 1
  fi
  # W^X (the runtime's double mapping of code pages, on by default since .NET 7) is what qemu-user does not emulate
  # reliably: under load the agent died with SIGSEGV (exit 139) here, as dotnet/runtime#94909 and #95120 describe for
  # emulated .NET. Off for the emulator only; a Pi runs the same build with W^X on.
  DOTNET_EnableWriteXorExecute=0 qemu-aarch64-static -L "$sysroot" "$@"
}

deps() {
  bash device/install-deps.sh --arm64
}

publish() {
  local pair project dir
  for pair in "device/EdgeCam.Agent:$agent_dir" "tests/EdgeCam.Arm64.SimdCheck:$simd_dir"; do
    project="${pair%%:*}"; dir="${pair#*:}"
    say "publishing $project for linux-arm64 (self-contained, Release) into ${dir#"$root"/}"
    # A separate artifacts path keeps this build's obj/ (restored for linux-arm64) apart from the x64 build's.
    dotnet publish "$project" -c Release -r linux-arm64 --self-contained \
      --artifacts-path "$out/artifacts" -o "$dir" -v quiet -nologo -clp:ErrorsOnly
    say "published $(du -sh "$dir" | cut -f1) in ${dir#"$root"/}"
  done
}

simd() {
  need_published "$simd_dir/EdgeCam.Arm64.SimdCheck"
  say "running the detector's SIMD-equals-scalar cases on linux-arm64 under $(qemu-aarch64-static --version | head -n1)"
  emulate "$simd_dir/EdgeCam.Arm64.SimdCheck"
}

speed() {
  need_published "$simd_dir/EdgeCam.Arm64.SimdCheck"
  say "measuring the detector per SIMD path on linux-arm64 under qemu (the emulator's speed, not a Pi's: information only)"
  emulate "$simd_dir/EdgeCam.Arm64.SimdCheck" --speed
}

demo() {
  need_published "$agent_dir/edgecam-agent"
  local args=("$@")
  if [ ${#args[@]} -eq 0 ]; then
    args=(--duration 20 --fast --azurite "$root/device/tools" --data "$out/demo")
  fi
  say "running edgecam-agent demo on linux-arm64 under $(qemu-aarch64-static --version | head -n1); ffmpeg and Azurite run natively (x64)"
  emulate "$agent_dir/edgecam-agent" demo --template "$root/deployment.template.json" "${args[@]}"
}

case "${1:-all}" in
  deps) deps ;;
  publish) publish ;;
  simd) simd ;;
  speed) speed ;;
  demo) shift; demo "$@" ;;
  all) deps; publish; simd; speed; demo ;;
  *) echo "usage: $0 [all | deps | publish | simd | speed | demo [demo options]]" >&2; exit 2 ;;
esac
