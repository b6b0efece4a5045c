#!/usr/bin/python3
"""numpy peer of PoseCluster's AugMotion harmonization (issue 4), the same steps on the same files:
pass 1 per sequence: validity, upright filter (15 deg to +z), k-means (k=3, k-means++ seeding, Lloyd to
convergence, cap 100) over root-relative upright poses, key frame = member nearest the largest
cluster's centre, Eq. 1 sums; canonical triangle from the corpus means; pass 2 per sequence: Kabsch
(SVD of the 3x3 cross-covariance with the determinant fix) onto the triangle, projection of every
frame, windows (T=16, S=16, runs of valid frames). Prints JSON timings, wall and CPU (best of --repeats)."""
import argparse
import glob
import json
import os
import time

import numpy as np

UP = np.array([0.0, 0.0, 1.0])
MIN_COS = np.cos(np.deg2rad(15.0))
L_SHOULDER, R_SHOULDER, PELVIS = 11, 14, 0
T, S = 16, 16


def kmeans(x, k, rng, max_iter=100):
    n = len(x)
    centres = [x[rng.integers(n)]]
    d2 = np.sum((x - centres[0]) ** 2, axis=1)
    for _ in range(1, k):
        total = d2.sum()
        i = rng.choice(n, p=d2 / total) if total > 0 else (len(centres)) % n
        centres.append(x[i])
        d2 = np.minimum(d2, np.sum((x - x[i]) ** 2, axis=1))
    c = np.array(centres)
    assign = None
    for _ in range(max_iter):
        dist = ((x[:, None, :] - c[None, :, :]) ** 2).sum(axis=2)
        new = dist.argmin(axis=1)
        if assign is not None and np.array_equal(new, assign):
            break
        assign = new
        for j in range(k):
            members = x[assign == j]
            if len(members):
                c[j] = members.mean(axis=0)
    return c, assign


def plan(seq, seed=42):
    valid = ~np.isnan(seq).any(axis=(1, 2))
    pelvis = seq[:, PELVIS].astype(np.float64)
    l, r = seq[:, L_SHOULDER].astype(np.float64), seq[:, R_SHOULDER].astype(np.float64)
    mid = 0.5 * (l + r)
    torso = mid - pelvis
    length = np.linalg.norm(torso, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        upright = valid & (length > 0) & (torso @ UP >= MIN_COS * length)
    candidates = np.flatnonzero(upright if upright.sum() >= 3 else valid)
    x = (seq[candidates] - seq[candidates, :1]).reshape(len(candidates), -1)
    k = min(3, len(candidates))
    c, assign = kmeans(x, k, np.random.default_rng(seed))
    largest = np.bincount(assign, minlength=k).argmax()
    members = np.flatnonzero(assign == largest)
    best = members[np.argmin(((x[members] - c[largest]) ** 2).sum(axis=1))]
    key = candidates[best]
    sums = (np.linalg.norm(l[valid] - r[valid], axis=1).sum(), np.linalg.norm(mid[valid] - pelvis[valid], axis=1).sum(), valid.sum())
    refs = np.stack([l[key], r[key], pelvis[key]])
    return int(key), refs, sums


def kabsch(p, q):
    pc, qc = p.mean(axis=0), q.mean(axis=0)
    h = (p - pc).T @ (q - qc)
    u, _, vt = np.linalg.svd(h)
    d = np.sign(np.linalg.det(vt.T @ u.T))
    r = vt.T @ np.diag([1.0, 1.0, d]) @ u.T
    return r, qc - r @ pc


def windows(valid):
    count, run = 0, 0
    for v in np.append(valid, False):
        if v:
            run += 1
        else:
            count += (run - T) // S + 1 if run >= T else 0
            run = 0
    return count


def harmonize(get, names, out=None):
    plans, ms, msp, n = [], 0.0, 0.0, 0
    for name in names:
        key, refs, (a, b, c) = plan(get(name))
        plans.append((key, refs))
        ms, msp, n = ms + a, msp + b, n + c
    ms, msp = ms / n, msp / n
    triangle = np.array([[0, -ms / 2, 0], [0, ms / 2, 0], [0, 0, msp]])
    total_windows, keys = 0, []
    for name, (key, refs) in zip(names, plans):
        seq = get(name)
        r, t = kabsch(refs, triangle)
        projected = (seq @ r.T.astype(np.float32)) + t.astype(np.float32)
        total_windows += windows(~np.isnan(seq).any(axis=(1, 2)))
        keys.append(key)
        if out is not None:
            np.save(os.path.join(out, os.path.basename(name)), projected.astype(np.float32))
    return keys, total_windows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--input", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    files = sorted(glob.glob(os.path.join(args.input, "*.npy")))
    os.makedirs(args.out, exist_ok=True)
    loaded = {f: np.load(f) for f in files}
    frames = sum(a.shape[0] for a in loaded.values())

    def best(run):
        run()
        wall, cpu = [], []
        for _ in range(args.repeats):
            start, start_cpu = time.perf_counter(), time.process_time()
            run()
            wall.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        return min(wall), min(cpu)

    keys, _ = harmonize(loaded.__getitem__, files)
    compute, compute_cpu = best(lambda: harmonize(loaded.__getitem__, files))
    end_to_end, end_to_end_cpu = best(lambda: harmonize(np.load, files, args.out))
    print(json.dumps({"frames": int(frames), "compute_s": compute, "end_to_end_s": end_to_end,
                      "compute_cpu_s": compute_cpu, "end_to_end_cpu_s": end_to_end_cpu, "key_frames": keys}))


if __name__ == "__main__":
    main()
