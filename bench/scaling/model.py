#!/usr/bin/env python3
"""Analytic model of data-parallel SoloPose step time from 1 to 64 GPU nodes (docs/SCALING.md).

Ring all-reduce of S bytes over p ranks moves 2 (p - 1) / p * S bytes through every rank's link in
2 (p - 1) sequential hops; each flat bucket of at most b bytes is its own ring:
    T_ar(p) = sum over buckets of [ 2 (p - 1) * alpha + 2 (p - 1) / p * bucket_bytes / bandwidth ]
PoseCluster all-reduces after backward (no overlap), so step(p) = t_compute + T_ar(p); with overlap
(buckets reduced while backward still runs, a later backend) only the last bucket is exposed:
    step_overlap(p) = max(t_compute, T_ar(p)) + T_ar_last_bucket(p).
Efficiency = t_compute / step; throughput = p * clips_per_rank / step.
Inputs are arguments; nothing here is measured except what docs/SCALING.md says it calibrates.
"""
import argparse
import math


def allreduce_seconds(params, ranks, bucket_bytes, bandwidth_bytes, alpha):
    if ranks == 1:
        return 0.0, 0.0
    total = params * 4
    buckets = []
    while total > 0:
        buckets.append(min(bucket_bytes, total))
        total -= buckets[-1]
    cost = [2 * (ranks - 1) * alpha + 2 * (ranks - 1) / ranks * b / bandwidth_bytes for b in buckets]
    return sum(cost), cost[-1]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--params", type=float, required=True, help="trainable parameters (float32 gradients)")
    ap.add_argument("--compute-ms", type=float, required=True, help="forward + backward + optimizer per step on one GPU")
    ap.add_argument("--clips", type=int, default=8, help="clips per rank per step")
    ap.add_argument("--bucket-mb", type=float, default=25, help="flat bucket size in MB (posecluster.training.bucket-size)")
    ap.add_argument("--gbit", type=float, nargs="+", default=[10, 25, 100], help="link bandwidths in Gbit/s")
    ap.add_argument("--alpha-us", type=float, default=30, help="per-hop latency in microseconds")
    ap.add_argument("--ranks", type=int, nargs="+", default=[1, 2, 4, 8, 16, 32, 64])
    a = ap.parse_args()
    compute = a.compute_ms / 1000
    print(f"params {a.params / 1e6:.2f}M ({a.params * 4 / 1e6:.1f} MB of gradients, "
          f"{math.ceil(a.params * 4 / (a.bucket_mb * 1e6))} bucket(s) of <= {a.bucket_mb:g} MB), compute {a.compute_ms:g} ms/step, "
          f"{a.clips} clips/rank/step, alpha {a.alpha_us:g} us")
    for g in a.gbit:
        print()
        print(f"{g:g} Gbit/s links:")
        print()
        print("| nodes | all-reduce ms | step ms | efficiency | step ms, overlapped | efficiency, overlapped | clips/s |")
        print("|---:|---:|---:|---:|---:|---:|---:|")
        for p in a.ranks:
            ar, last = allreduce_seconds(a.params, p, a.bucket_mb * 1e6, g * 1e9 / 8, a.alpha_us * 1e-6)
            step = compute + ar
            overlap = max(compute, ar) + last
            print(f"| {p} | {ar * 1000:.1f} | {step * 1000:.0f} | {compute / step:.0%} | {overlap * 1000:.0f} | "
                  f"{compute / overlap:.0%} | {p * a.clips / step:,.0f} |")


if __name__ == "__main__":
    main()
