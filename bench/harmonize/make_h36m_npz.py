#!/usr/bin/python3
"""Writes the harmonize benchmark's input: a Human3.6M-layout data_3d_h36m.npz (VideoPose3D's
distribution: positions_3d, a 0-d object array holding dict[subject][action] -> float32 (T, 32, 3),
metres, z up), written with np.savez_compressed as VideoPose3D's prepare_data_h36m.py writes the real
file. Motion comes from tools/synth/motion.py (forward kinematics of smooth joint-angle trajectories).

    bench/harmonize/make_h36m_npz.py --out DIR [--frames 600000] [--seed 11] [--stored]

7 subjects x 30 takes (15 actions, two takes each; S11 Directions missing as in the real file), the
frames split evenly; prints the file's path, size and frame count as JSON. Same seed, same bytes.
"""
import argparse
import json
import os
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tools", "synth"))
import motion  # noqa: E402
import writers  # noqa: E402
from synth import H36M_ACTIONS, H36M_SUBJECTS  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True)
    parser.add_argument("--frames", type=int, default=600_000, help="total frames (at least)")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--stored", action="store_true", help="np.savez (no deflate) instead of np.savez_compressed")
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    takes = [(s, a, style) for s in H36M_SUBJECTS for a, style in H36M_ACTIONS + [(f"{a} 1", m) for a, m in H36M_ACTIONS]
             if not (s == "S11" and a == "Directions")]
    per_take = -(-args.frames // len(takes))
    positions, total = {}, 0
    subjects = {s: motion.Subject(rng) for s in H36M_SUBJECTS}
    for subject, action, style in takes:
        pos = motion.perform(subjects[subject], style, per_take, 50, rng)
        positions.setdefault(subject, {})[action] = motion.joints(pos, writers.H36M_32).astype(np.float32)
        total += per_take
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, "data_3d_h36m.npz")
    (np.savez if args.stored else np.savez_compressed)(path, positions_3d=positions)
    print(json.dumps({"file": path, "bytes": os.path.getsize(path), "frames": total, "sequences": len(takes)}))


if __name__ == "__main__":
    main()
