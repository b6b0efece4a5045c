#!/usr/bin/env bash
# Data-parallel scaling of the cluster's own training path (docs/BENCHMARKS.md, issue 14): one embedded node
# with 2 trainer slots (ranks in the node's process, one libtorch thread each), the demo's model (small preset,
# HeatPose, batch 4 per rank) on the demo's corpus (tools/synth size 2, harmonized), experiments of 1 and 2
# ranks submitted in alternating order (1, 2, 2, 1). Reports per world size the median step time, steps/s,
# clips/s, the speed-up of 2 ranks over 1, and the share of a step spent in the gradient all-reduce (which
# includes waiting for the slower rank).
# Usage: bench/experiments/run.sh [steps]   (after `make build`; reuses .posecluster-bench/ between runs)
set -euo pipefail
cd "$(dirname "$0")/../.."
steps="${1:-60}"
home="$PWD/.posecluster-bench"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export POSECLUSTER__home="$home" POSECLUSTER__trainer__slots=2

if [ ! -f "$home/objects/corpora/.ready" ]; then
  rm -rf "$home" && mkdir -p "$home"
  /usr/bin/python3 tools/synth/synth.py --out "$home/raw" --seed 7 --size 2 >/dev/null 2>&1
  datasets=(); for k in h36m 3dhp aistpp mads; do datasets+=(--dataset "$k=$home/raw/$k"); done
  bin/posecluster harmonize "${datasets[@]}" --out "$home/objects" >/dev/null
  touch "$home/objects/corpora/.ready"
fi

bin/posecluster node --port 0 --http "http://127.0.0.1:$port" >"$home/node.out" 2>"$home/node.err" &
node=$!
trap 'kill $node 2>/dev/null; wait $node 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/api/trainers" | grep -q '"slots":2' && break
  sleep 1
done

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 bench/experiments/scaling.py "http://127.0.0.1:$port" "$steps"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
