#!/usr/bin/env bash
# SoloPose on TorchSharp next to its peers, all in one run (docs/BENCHMARKS.md):
#  1. training steps/s, TorchSharp (bench/PoseCluster.Bench.SoloPose) vs PyTorch 1.13 (bench/peers/solopose_torch.py),
#     same blocks, sizes (the small preset: batch 4 x 16 frames, width 64, 4 blocks, HeatPose G = 16, 16 head
#     channels), data and threads, both heads; peak RSS of each process;
#  2. all-reduce (mean) ms, the Gloo shim vs torch.distributed's gloo, 2 processes, 73.5k / 1M / 10M floats;
#  3. data-parallel throughput (clips/s) of 2 ranks vs 1 rank, one rank per core.
# Usage: bench/solopose/run.sh [steps] [threads]   (after `make build`; `tools/setup.sh bench` installs the peers)
set -euo pipefail
cd "$(dirname "$0")/../.."
steps="${1:-10}"
threads="${2:-1}"
py=/usr/bin/python3   # Debian's python3-torch lives in the system interpreter
bench="dotnet bench/PoseCluster.Bench.SoloPose/bin/Release/net10.0/linux-x64/PoseCluster.Bench.SoloPose.dll"
sizes=(--frames 16 --batch 4 --embed 64 --depth 4 --heads 4 --window-t 4 --channels 16 --token-dim 8 --grid 16)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
field() { grep -o "\"$1\": *[0-9.e+-]*" <<<"$2" | head -1 | sed 's/.*: *//'; }

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '\n| implementation | head | steps/s | CPU ms/step | peak RSS (MB) |\n|---|---|---|---|---|\n'
for head in heatpose regression; do
  for impl in torchsharp pytorch; do
    if [ "$impl" = torchsharp ]; then cmd=($bench steps); else cmd=("$py" bench/peers/solopose_torch.py); fi
    out=$( { /usr/bin/time -f 'RSS %M' "${cmd[@]}" "${sizes[@]}" --head "$head" --steps "$steps" --threads "$threads"; } 2>&1 )
    rss=$(grep -o 'RSS [0-9]*' <<<"$out" | awk '{printf "%.0f", $2/1024}')
    printf '| %s | %s | %.3f | %.0f | %s |\n' "$impl" "$head" "$(field steps_per_s "$out")" "$(field cpu_ms_per_step "$out")" "$rss"
  done
done

printf '\n| all-reduce of | Gloo shim (ms) | torch.distributed gloo (ms) |\n|---|---|---|\n'
$bench allreduce --rank 1 --world 2 --store "$work/shim" > "$work/shim1.json" &
shim=$($bench allreduce --rank 0 --world 2 --store "$work/shim")
wait
"$py" bench/solopose/allreduce_torch.py --rank 1 --world 2 --store "$work/torch-store" > "$work/torch1.json" &
torch=$("$py" bench/solopose/allreduce_torch.py --rank 0 --world 2 --store "$work/torch-store")
wait
for size in 73500 1000000 10000000; do
  printf '| %s floats | %.2f | %.2f |\n' "$size" "$(field "$size" "$shim")" "$(field "$size" "$torch")"
done

printf '\n| data-parallel | clips/s | all-reduce ms/step |\n|---|---|---|\n'
one=$($bench dp --world 1 "${sizes[@]}" --steps "$steps")
printf '| 1 rank | %.2f | - |\n' "$(field clips_per_s "$one")"
$bench dp --rank 1 --world 2 --store "$work/dp" "${sizes[@]}" --steps "$steps" > "$work/dp1.json" &
two=$($bench dp --rank 0 --world 2 --store "$work/dp" "${sizes[@]}" --steps "$steps")
wait
printf '| 2 ranks | %.2f | %.2f |\n' "$(field clips_per_s "$two")" "$(field allreduce_ms "$two")"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
