#!/usr/bin/python3
"""numpy peer of PoseCluster's AugMotion harmonization (issue 4), the same steps on the same files:
pass 1 per sequence: validity, upright filter (15 deg to +z), k-means (k=3, k-means++ seeding, Lloyd to
convergence, cap 100) over root-relative upright poses, key frame = member nearest the largest
cluster's centre, Eq. 1 sums; canonical triangle from the corpus means; pass 2 per sequence: Kabsch
(SVD of the 3x3 cross-covariance with the determinant fix) onto the triangle, projection of every
frame, windows (T=16, S=16, runs of valid frames). Prints JSON timings, wall and CPU (best of --repeats).

--npz FILE runs `posecluster harmonize`'s whole job once on a Human3.6M npz instead (bench/harmonize/run.sh):
sha256 of the input (its content hash), np.load of positions_3d (pickle), 32 -> 17 joints in mm, the
steps above per sequence, a stage-1 cache (one .npy of every sequence's 17-joint poses and one of the
validity flags), then per split the clips (T x 17 x 3 float32 windows in the universal frame) written as
shard files of at most 128 MB with their sha256, and a manifest last. Every file is flushed to disk
(fsync) before the next step relies on it, as PoseCluster's folder object store does. Prints one JSON line."""
import argparse
import glob
import hashlib
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


H36M_KEEP = [0, 1, 2, 3, 6, 7, 8, 12, 13, 14, 15, 17, 18, 19, 25, 26, 27]
H36M_SPLIT = {"S1": "train", "S5": "train", "S6": "train", "S7": "train", "S8": "train", "S9": "test", "S11": "test"}
SHARD_BYTES = 128_000_000


def sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def save_durably(path, array):
    """np.save, then fsync: written files are on disk before anything names them (as the object store does)."""
    with open(path, "wb") as f:
        np.save(f, array)
        f.flush()
        os.fsync(f.fileno())


def window_starts(valid):
    starts, f, n = [], 0, len(valid)
    edges = np.flatnonzero(np.diff(np.concatenate(([0], valid.view(np.int8), [0]))))
    for run_start, run_end in zip(edges[::2], edges[1::2]):
        starts.extend(range(run_start, run_end - T + 1, S))
    return np.array(starts, dtype=np.int64)


def harmonize_npz(npz, out):
    """The whole harmonize job on one H36M npz; returns (frames, clips, shards)."""
    content_hash = sha256_file(npz)
    subjects = np.load(npz, allow_pickle=True)["positions_3d"].item()
    names, poses, valids, plans = [], [], [], []
    ms = msp = n = 0.0
    for subject in sorted(subjects):
        for action in sorted(subjects[subject]):
            seq = subjects[subject][action][:, H36M_KEEP] * np.float32(1000.0)
            valid = ~np.isnan(seq).any(axis=(1, 2))
            key, refs, (a, b, c) = plan(seq)
            names.append((subject, action))
            poses.append(seq)
            valids.append(valid)
            plans.append((key, refs))
            ms, msp, n = ms + a, msp + b, n + c
    cache = os.path.join(out, "stage1-" + content_hash[:16])
    os.makedirs(cache, exist_ok=True)
    save_durably(os.path.join(cache, "poses.npy"), np.concatenate(poses))
    save_durably(os.path.join(cache, "valid.npy"), np.concatenate(valids))
    ms, msp = ms / n, msp / n
    triangle = np.array([[0, -ms / 2, 0], [0, ms / 2, 0], [0, 0, msp]])
    clips = {}
    for (subject, action), seq, valid, (key, refs) in zip(names, poses, valids, plans):
        r, t = kabsch(refs, triangle)
        projected = (seq @ r.T.astype(np.float32)) + t.astype(np.float32)
        starts = window_starts(valid)
        windows = projected[starts[:, None] + np.arange(T)]
        clips.setdefault(H36M_SPLIT[subject], []).append(windows)
    shards, per_shard = [], SHARD_BYTES // (T * 17 * 3 * 4)
    for split in sorted(clips):
        data = np.concatenate(clips[split])
        os.makedirs(os.path.join(out, split), exist_ok=True)
        for number, first in enumerate(range(0, len(data), per_shard)):
            path = os.path.join(out, split, f"shard-{number:05d}.npy")
            save_durably(path, data[first:first + per_shard])
            shards.append({"key": path, "clips": int(min(per_shard, len(data) - first)), "sha256": sha256_file(path)})
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump({"ms": ms, "msp": msp, "input_sha256": content_hash, "shards": shards}, f)
        f.flush()
        os.fsync(f.fileno())
    return int(sum(len(p) for p in poses)), int(sum(s["clips"] for s in shards)), len(shards)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--input")
    parser.add_argument("--npz")
    parser.add_argument("--out", required=True)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    if args.npz:
        os.makedirs(args.out, exist_ok=True)
        start, start_cpu = time.perf_counter(), time.process_time()
        frames, clips, shards = harmonize_npz(args.npz, args.out)
        print(json.dumps({"frames": frames, "clips": clips, "shards": shards,
                          "wall_s": time.perf_counter() - start, "cpu_s": time.process_time() - start_cpu}))
        return
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
