#!/usr/bin/env bash
# File-format reader throughput (issue 3): PoseCluster's NPY/NPZ/pickle/MAT readers side by side with
# numpy.load / scipy.io.loadmat / pickle.load on the same files, plus a read-the-file baseline.
#   bench/formats/run.sh [SCALE] [REPEATS]     (SCALE 1.0 ≈ 230 MB of files in a temp folder)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
PYTHON="${PYTHON:-/usr/bin/python3}"
SCALE="${1:-1.0}"
REPEATS="${2:-5}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/posecluster-bench-formats.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

"$PYTHON" bench/peers/formats_peer.py generate "$WORK/data" "$SCALE"
dotnet build bench/PoseCluster.Bench.Formats -c Release -nologo -clp:ErrorsOnly -o "$WORK/bin" >/dev/null
dotnet "$WORK/bin/PoseCluster.Bench.Formats.dll" "$WORK/data" "$REPEATS" > "$WORK/dotnet.jsonl"
"$PYTHON" bench/peers/formats_peer.py measure "$WORK/data" "$REPEATS" > "$WORK/python.jsonl"
echo "File-format readers, best of $REPEATS warm runs (files in page cache), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)"
"$PYTHON" bench/peers/formats_peer.py report "$WORK/data" "$WORK/dotnet.jsonl" "$WORK/python.jsonl"
