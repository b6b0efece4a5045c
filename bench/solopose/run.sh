#!/usr/bin/env bash
# SoloPose on TorchSharp next to its peers, all in one run (docs/BENCHMARKS.md):
#  1. training steps/s, TorchSharp (bench/PoseCluster.Bench.SoloPose) vs PyTorch 1.13 (bench/peers/solopose_torch.py),
#     same blocks, sizes (the small preset: batch 4 x 16 frames, width 64, 4 blocks, HeatPose G = 16, 16 head
#     channels), data and threads, both heads; peak RSS of each process;
#  2. all-reduce (mean) ms, the Gloo shim vs torch.distributed's gloo, 2 processes, 73.5k / 1M / 10M floats;
#  3. data-parallel throughput (clips/s) of 2 ranks vs 1 rank, one rank per core.
# Each comparison runs twice in alternating order and reports each side's better run (a shared machine).
# Usage: bench/solopose/run.sh [steps] [threads]   (HeatPose and data-parallel runs take `steps` timed steps,
# regression 5 x steps; one warm-up step each is not timed)   (after `make build`; `tools/setup.sh bench` installs the peers)
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
# Two rounds in alternating order; each implementation's better round is reported (the machine is shared).
declare -A sps cpu rss
for head in heatpose regression; do
  for round in 1 2; do
    order=(torchsharp pytorch); [ "$round" = 2 ] && order=(pytorch torchsharp)
    for impl in "${order[@]}"; do
      if [ "$impl" = torchsharp ]; then cmd=($bench steps); else cmd=("$py" bench/peers/solopose_torch.py); fi
      n=$steps; [ "$head" = regression ] && n=$((steps * 5))   # regression steps are ~6x shorter
      out=$( { /usr/bin/time -f 'RSS %M' "${cmd[@]}" "${sizes[@]}" --head "$head" --steps "$n" --threads "$threads"; } 2>&1 )
      key="$impl/$head"
      s=$(field steps_per_s "$out"); c=$(field cpu_ms_per_step "$out"); r=$(grep -o 'RSS [0-9]*' <<<"$out" | awk '{printf "%.0f", $2/1024}')
      if [ -z "${sps[$key]:-}" ] || awk -v a="$s" -v b="${sps[$key]}" 'BEGIN{exit !(a>b)}'; then sps[$key]=$s; fi
      if [ -z "${cpu[$key]:-}" ] || awk -v a="$c" -v b="${cpu[$key]}" 'BEGIN{exit !(a<b)}'; then cpu[$key]=$c; fi
      rss[$key]=$r
    done
  done
done
printf '\n| implementation | head | steps/s | CPU ms/step | peak RSS (MB) |\n|---|---|---|---|---|\n'
for head in heatpose regression; do
  for impl in torchsharp pytorch; do
    key="$impl/$head"
    printf '| %s | %s | %.3f | %.0f | %s |\n' "$impl" "$head" "${sps[$key]}" "${cpu[$key]}" "${rss[$key]}"
  done
done

for round in 1 2; do
  for impl in shim torch; do
    store="$work/$impl-$round"
    if [ "$impl" = shim ]; then
      $bench allreduce --rank 1 --world 2 --store "$store" > /dev/null &
      $bench allreduce --rank 0 --world 2 --store "$store" > "$work/$impl-$round.json"
    else
      "$py" bench/solopose/allreduce_torch.py --rank 1 --world 2 --store "$store" > /dev/null &
      "$py" bench/solopose/allreduce_torch.py --rank 0 --world 2 --store "$store" > "$work/$impl-$round.json"
    fi
    wait
  done
done
best() { for r in 1 2; do field "$2" "$(cat "$work/$1-$r.json")"; done | sort -g | head -1; }
printf '\n| all-reduce (mean) of | Gloo shim (ms) | torch.distributed gloo (ms) |\n|---|---|---|\n'
for size in 73500 1000000 10000000; do
  printf '| %s floats | %.2f | %.2f |\n' "$size" "$(best shim "$size")" "$(best torch "$size")"
done

dp() {  # dp WORLD ROUND -> rank 0's JSON in $work/dp-WORLD-ROUND.json
  if [ "$1" = 1 ]; then
    $bench dp --world 1 "${sizes[@]}" --steps "$steps" > "$work/dp-1-$2.json"
  else
    $bench dp --rank 1 --world 2 --store "$work/dp-store-$2" "${sizes[@]}" --steps "$steps" > /dev/null &
    $bench dp --rank 0 --world 2 --store "$work/dp-store-$2" "${sizes[@]}" --steps "$steps" > "$work/dp-2-$2.json"
    wait
  fi
}
dp 1 1; dp 2 1; dp 2 2; dp 1 2
most() { for r in 1 2; do field "$2" "$(cat "$work/dp-$1-$r.json")"; done | sort -g | tail -1; }
printf '\n| data-parallel (rank 0 per core) | clips/s | all-reduce ms/step |\n|---|---|---|\n'
printf '| 1 rank | %.2f | - |\n' "$(most 1 clips_per_s)"
printf '| 2 ranks | %.2f | %.2f |\n' "$(most 2 clips_per_s)" "$(field allreduce_ms "$(cat "$work/dp-2-1.json")")"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
