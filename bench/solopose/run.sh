#!/usr/bin/env bash
# SoloPose training steps/s: libposecluster_native (through its C ABI) next to the PyTorch peer
# (bench/peers/solopose_torch.py) on the same libtorch (Debian 1.13), same threads, batch, sizes and data;
# peak RSS of each process; HeatPose head vs regression head. Usage: bench/solopose/run.sh [steps] [threads]
set -euo pipefail
cd "$(dirname "$0")/../.."
steps="${1:-10}"
threads="${2:-1}"
py=/usr/bin/python3   # Debian's python3-torch lives in the system interpreter
sizes=(--frames 16 --batch 4 --embed 64 --depth 4 --heads 4 --window-t 4 --channels 32 --token-dim 8 --grid 32)
printf '| implementation | head | steps/s | peak RSS (MB) |\n|---|---|---|---|\n'
for head in heatpose regression; do
  for impl in native pytorch; do
    script=bench/solopose/native_driver.py
    [ "$impl" = pytorch ] && script=bench/peers/solopose_torch.py
    out=$( { /usr/bin/time -f 'RSS %M' "$py" "$script" "${sizes[@]}" --head "$head" --steps "$steps" --threads "$threads"; } 2>&1 )
    rss=$(grep -o 'RSS [0-9]*' <<<"$out" | awk '{printf "%.0f", $2/1024}')
    sps=$(grep -o '"steps_per_s": [0-9.]*' <<<"$out" | awk '{printf "%.3f", $2}')
    printf '| %s | %s | %s | %s |\n' "$impl" "$head" "$sps" "$rss"
  done
done
