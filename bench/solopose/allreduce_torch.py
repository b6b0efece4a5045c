"""Peer of the Gloo shim's all-reduce: torch.distributed with the gloo backend (Debian's PyTorch 1.13), one
process per rank, the same sizes and repeats as `PoseCluster.Bench.SoloPose allreduce`; the mean (sum, then
divide by the world size) is timed, as the shim's is. Prints {"impl", "rank", "median_ms": {size: ms}}.
Usage: allreduce_torch.py --rank R --world N --store FILE [--sizes a,b,c] [--repeats N]
"""
import argparse, json, time

import torch
import torch.distributed as dist


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rank", type=int, required=True)
    ap.add_argument("--world", type=int, default=2)
    ap.add_argument("--store", required=True, help="a file both ranks can reach (file:// rendezvous)")
    ap.add_argument("--sizes", default="73500,1000000,10000000")
    ap.add_argument("--repeats", type=int, default=20)
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    dist.init_process_group("gloo", init_method="file://" + a.store, rank=a.rank, world_size=a.world)
    medians = {}
    for size in [int(s) for s in a.sizes.split(",")]:
        data = torch.full((size,), float(a.rank + 1))
        dist.all_reduce(data)  # warm-up
        times = []
        for _ in range(a.repeats):
            dist.barrier()
            t0 = time.perf_counter()
            dist.all_reduce(data)
            data.div_(a.world)
            times.append((time.perf_counter() - t0) * 1000)
        times.sort()
        medians[str(size)] = times[len(times) // 2]
    dist.destroy_process_group()
    print(json.dumps({"impl": "torch.distributed", "rank": a.rank, "median_ms": medians}))


if __name__ == "__main__":
    main()
