"""Submits the bench's experiments to a node and summarizes their per-step metrics (bench/experiments/run.sh)."""
import json
import statistics
import sys
import time
import urllib.request

api, steps = sys.argv[1].rstrip("/"), int(sys.argv[2])
WARMUP = 5  # the first steps include model creation, the rendezvous and the first shard reads


def get(path):
    with urllib.request.urlopen(f"{api}/{path}") as response:
        return json.load(response)


def submit(world):
    spec = (f"name = bench-{world}-rank{'s' if world > 1 else ''}\nsteps = {steps}\nmodel.preset = small\n"
            f"min-ranks = {world}\nmax-ranks = {world}\ncheckpoint-every = 100000\neval-clips = 0\n")
    request = urllib.request.Request(f"{api}/api/experiments", data=spec.encode(), method="POST", headers={"Content-Type": "application/hocon"})
    with urllib.request.urlopen(request) as response:
        return json.load(response)["id"]


def run(world):
    experiment = submit(world)
    while (detail := get(f"api/experiments/{experiment}"))["status"] not in ("Succeeded", "Failed", "Cancelled"):
        time.sleep(1)
    if detail["status"] != "Succeeded":
        sys.exit(f"experiment {experiment} ended {detail['status']}: {detail.get('error')}")
    series = get(f"api/experiments/{experiment}/metrics")["series"]
    step_ms = [v for s, v in series["train/step_ms"] if s > WARMUP]
    reduce_ms = [v for s, v in series["train/allreduce_ms"] if s > WARMUP]
    return statistics.median(step_ms), statistics.median(reduce_ms)


results = {1: [], 2: []}
for world in (1, 2, 2, 1):
    results[world].append(run(world))
# Each world size's better (faster) run: the machine is shared.
best = {w: min(r) for w, r in results.items()}
print(f"\n{steps} steps per experiment, medians of steps {WARMUP + 1}..{steps}; the better of two runs per world size")
print("| ranks | step ms | steps/s | clips/s | all-reduce ms | all-reduce share |")
print("|---|---|---|---|---|---|")
for world, (step, reduce) in best.items():
    print(f"| {world} | {step:.0f} | {1000 / step:.2f} | {4 * world * 1000 / step:.1f} | {reduce:.1f} | {reduce / step:.0%} |")
speedup = (2 * 1000 / best[2][0]) / (1000 / best[1][0])
print(f"\n2 ranks / 1 rank: {speedup:.2f}x clips/s (steps/s x ranks: each step of 2 ranks trains 2 batches); "
      f"{best[1][0] / best[2][0]:.2f}x steps/s")
print("all runs (step ms, all-reduce ms):", {w: [(round(s), round(r, 1)) for s, r in runs] for w, runs in results.items()})
