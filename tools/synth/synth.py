#!/usr/bin/python3
"""Synthetic Human3.6M, MPI-INF-3DHP, AIST++ and MADS datasets in their native layouts.

    tools/synth/synth.py --out DIR [--seed 7] [--size 1] [--frames N] [--datasets h36m,3dhp,aistpp,mads]

Writes DIR/h36m, DIR/3dhp, DIR/aistpp and DIR/mads, each with ground_truth.json (per sequence the
17 H36M-order joints in mm in the source frame, null for NaN frames, plus the sequences a loader must
skip). --size 1 is the small committed fixture scale; larger sizes add subjects, sequences and frames
for the demo and the benchmarks. Output depends only on the seed and the size. Never used by the product.
"""

import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import writers  # noqa: E402

H36M_SUBJECTS = ["S1", "S5", "S6", "S7", "S8", "S9", "S11"]
H36M_ACTIONS = [("Directions", "gesture"), ("Discussion", "gesture"), ("Eating", "gesture"), ("Greeting", "gesture"),
                ("Phoning", "gesture"), ("Posing", "gesture"), ("Purchases", "walk"), ("Sitting", "squat"),
                ("SittingDown", "squat"), ("Smoking", "gesture"), ("Photo", "gesture"), ("Waiting", "gesture"),
                ("Walking", "walk"), ("WalkDog", "walk"), ("WalkTogether", "walk")]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True, help="output folder (one subfolder per dataset)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--size", type=int, default=1, help="1 = fixture scale; larger = more subjects, sequences, frames")
    parser.add_argument("--frames", type=int, default=None, help="frames per sequence (default from --size)")
    parser.add_argument("--datasets", default="h36m,3dhp,aistpp,mads")
    args = parser.parse_args()
    if args.size < 1:
        parser.error("--size must be at least 1")
    size = args.size
    small = size == 1
    chosen = set(args.datasets.split(","))
    unknown = chosen - {"h36m", "3dhp", "aistpp", "mads"}
    if unknown:
        parser.error(f"unknown datasets: {sorted(unknown)}")

    def frames(fixture):
        return args.frames or (fixture if small else 250 * size)

    # One generator per dataset so that choosing fewer datasets does not change the others.
    seeds = np.random.SeedSequence(args.seed).spawn(4)
    if "h36m" in chosen:
        subjects = ["S1", "S9", "S11"] if small else H36M_SUBJECTS
        actions = [H36M_ACTIONS[0], H36M_ACTIONS[12], H36M_ACTIONS[7]] if small else \
            H36M_ACTIONS + [(f"{a} 1", m) for a, m in H36M_ACTIONS] * (size >= 3)
        writers.write_h36m(os.path.join(args.out, "h36m"), np.random.default_rng(seeds[0]), subjects, actions, frames(40))
    if "3dhp" in chosen:
        subjects = ["S1"] if small else [f"S{i}" for i in range(1, 9)]
        writers.write_3dhp(os.path.join(args.out, "3dhp"), np.random.default_rng(seeds[1]), subjects, ["Seq1", "Seq2"], frames(12))
    if "aistpp" in chosen:
        writers.write_aistpp(os.path.join(args.out, "aistpp"), np.random.default_rng(seeds[2]), 3 if small else 10 * size, frames(40))
    if "mads" in chosen:
        styles = writers.MADS_STYLES[:2] if small else writers.MADS_STYLES
        writers.write_mads(os.path.join(args.out, "mads"), np.random.default_rng(seeds[3]), styles, 2 if small else 2 * size, frames(30))


if __name__ == "__main__":
    main()
