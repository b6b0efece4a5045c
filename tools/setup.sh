#!/usr/bin/env bash
# Installs what the build and the tests need on a fresh Debian machine. Idempotent: a package that is
# already installed is not asked for again, so a second run is quick and needs no network.
# `tools/setup.sh bench` also installs the benchmarks' peers (make bench).
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=(
  # tools/synth writes the fixtures with the same writers the real datasets come from.
  python3 python3-numpy python3-scipy
  # The registry and cluster-store tests run against a real PostgreSQL 15 (tools/test-postgres.sh).
  postgresql-15 postgresql-client-15
  # The Gloo shim (src/Models/native, `make native`): standalone Gloo and a C++ compiler. SoloPose itself
  # runs on TorchSharp's own libtorch (NuGet), which needs nothing from apt.
  libgloo-dev g++
  # The dashboard's browser test of record (tools/browser-check: playwright-core drives Debian's headless Chromium).
  chromium
)
if [ "${1:-}" = bench ]; then
  # Peers of bench/solopose: PyTorch 1.13 with torch.distributed's gloo, on OpenBLAS.
  apt_packages+=(python3-torch libopenblas0-openmp)
fi

missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Debian's PyTorch (the bench peer) calls the system libblas: OpenBLAS must be the active one (reference
# BLAS is 10-20x slower).
openblas=/usr/lib/x86_64-linux-gnu/openblas-openmp/libblas.so.3
if [ -e "$openblas" ] && [ "$(readlink -f /etc/alternatives/libblas.so.3-x86_64-linux-gnu 2>/dev/null)" != "$openblas" ]; then
  echo "setup: selecting OpenBLAS as libblas"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd update-alternatives --set libblas.so.3-x86_64-linux-gnu "$openblas"
fi

command -v dotnet >/dev/null || { echo "setup: the .NET 10 SDK (dotnet) is required and not on PATH" >&2; exit 1; }
# npm packages the storage tests use (issue 5): s3rver (S3 contract tests) and apache-arrow (shard conformance).
if command -v npm >/dev/null; then
  for tool in tools/s3rver tools/arrow-check tools/browser-check; do
    [ -d "$tool/node_modules" ] || (cd "$tool" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  done
else
  echo "setup: npm (nodejs) is required for the storage tests (tools/s3rver, tools/arrow-check)" >&2; exit 1
fi
echo "setup: ok"

