#!/usr/bin/env python3
"""Python peer of bench/PoseCluster.Bench.Formats (issue 3): the same files read by numpy.load,
scipy.io.loadmat and pickle.load.

  formats_peer.py generate DIR [SCALE]   write the benchmark files and DIR/manifest.json
  formats_peer.py measure DIR [REPEATS]  one JSON line per file: {"reader", "file", "seconds"} (best run)
  formats_peer.py report DIR A.jsonl B.jsonl ...   a markdown table of MB/s and frames/s side by side
"""
import json
import os
import pickle
import sys
import time

import numpy as np
import scipy.io


def smooth(rng, frames, joints, dims=3, dtype=np.float32):
    """Random-walk trajectories: compress like real motion, unlike white noise."""
    steps = rng.standard_normal((frames, joints, dims)).astype(np.float32) * 5
    return (np.cumsum(steps, axis=0) + 1000).astype(dtype)


def generate(out, scale=1.0):
    rng = np.random.default_rng(3)
    os.makedirs(out, exist_ok=True)
    n = lambda k: max(1, int(k * scale))
    manifest = []

    def add(file, fmt, frames):
        manifest.append({"file": file, "format": fmt, "frames": frames, "bytes": os.path.getsize(os.path.join(out, file))})

    f = n(200_000)
    np.save(os.path.join(out, "poses_f32.npy"), smooth(rng, f, 17))
    add("poses_f32.npy", "npy", f)

    f = n(100_000)
    np.save(os.path.join(out, "poses_f64_be_fortran.npy"), np.asfortranarray(smooth(rng, f, 17, dtype=">f8")))
    add("poses_f64_be_fortran.npy", "npy", f)

    per, subjects, actions = n(3_000), ["S1", "S5", "S6", "S7", "S8", "S9", "S11"], 5
    positions = {s: {f"Action {a}": smooth(rng, per, 32) for a in range(actions)} for s in subjects}
    np.savez_compressed(os.path.join(out, "h36m_like.npz"), positions_3d=np.array(positions, dtype=object))
    add("h36m_like.npz", "npz", per * actions * len(subjects))

    f = n(50_000)
    k = smooth(rng, f, 17, dtype=np.float64)
    with open(os.path.join(out, "aistpp_like.pkl"), "wb") as fh:
        pickle.dump({"keypoints3d": k, "keypoints3d_optim": k + 1, "scale": 1.0}, fh, protocol=4)
    add("aistpp_like.pkl", "pickle", f)

    per, cams = n(3_000), 14
    annot3 = np.empty((cams, 1), dtype=object)
    for c in range(cams):
        annot3[c, 0] = smooth(rng, per, 28, dtype=np.float64).reshape(per, 84)
    scipy.io.savemat(os.path.join(out, "3dhp_like.mat"), {"annot3": annot3, "frames": np.arange(per)[:, None]}, do_compression=True)
    add("3dhp_like.mat", "mat", per * cams)

    f = n(20_000)
    gt = np.empty((f, 1), dtype=object)
    poses = smooth(rng, f, 19, dtype=np.float64)
    for i in range(f):
        gt[i, 0] = poses[i]
    scipy.io.savemat(os.path.join(out, "mads_like.mat"), {"GTpose2": gt}, do_compression=False)
    add("mads_like.mat", "mat", f)

    with open(os.path.join(out, "manifest.json"), "w") as fh:
        json.dump(manifest, fh, indent=1)


def readers(fmt, path):
    if fmt == "npy":
        return lambda: np.load(path)
    if fmt == "npz":
        def npz():
            with np.load(path, allow_pickle=True) as z:
                return {k: z[k] for k in z.files}
        return npz
    if fmt == "pickle":
        def pkl():
            with open(path, "rb") as fh:
                return pickle.load(fh)
        return pkl
    return lambda: scipy.io.loadmat(path)


PEER = {"npy": "numpy.load", "npz": "numpy.load (npz)", "pickle": "pickle.load", "mat": "scipy.io.loadmat"}


def timed(action, repeats):
    action()
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        runs.append(time.perf_counter() - start)
    return min(runs)


def measure(out, repeats=5):
    for entry in json.load(open(os.path.join(out, "manifest.json"))):
        path = os.path.join(out, entry["file"])
        print(json.dumps({"reader": PEER[entry["format"]], "file": entry["file"], "seconds": timed(readers(entry["format"], path), repeats)}))

        def raw():
            with open(path, "rb") as fh:
                return fh.read()
        print(json.dumps({"reader": "baseline f.read()", "file": entry["file"], "seconds": timed(raw, repeats)}))
        sys.stdout.flush()


def report(out, *results):
    manifest = {e["file"]: e for e in json.load(open(os.path.join(out, "manifest.json")))}
    rows = {}
    for result in results:
        for line in open(result):
            r = json.loads(line)
            rows.setdefault(r["file"], {})[r["reader"]] = r["seconds"]
    print("| file | MB | frames | reader | ms | MB/s | frames/s | vs Python reader |")
    print("|---|---:|---:|---|---:|---:|---:|---:|")
    for file, timings in rows.items():
        e = manifest[file]
        mb = e["bytes"] / 1e6
        python = timings.get(PEER[e["format"]])
        for reader, s in timings.items():
            ratio = f"{python / s:.2f}x" if python and reader == "posecluster" else ""
            print(f"| {file} | {mb:.1f} | {e['frames']} | {reader} | {s * 1e3:.1f} | {mb / s:.0f} | {e['frames'] / s:,.0f} | {ratio} |")


if __name__ == "__main__":
    command, folder = sys.argv[1], sys.argv[2]
    if command == "generate":
        generate(folder, float(sys.argv[3]) if len(sys.argv) > 3 else 1.0)
    elif command == "measure":
        measure(folder, int(sys.argv[3]) if len(sys.argv) > 3 else 5)
    else:
        report(folder, *sys.argv[3:])
