"""Writers of the four source layouts (shared/DATASETS.md), by the writers the real files come from.

Each writer returns ground-truth records: per sequence the 17 H36M-order joints in millimetres in the
source's own frame, computed here from the source's joints by the joint maps of DATASETS.md, so that
the C# loaders can be checked joint by joint.
"""

import json
import os
import pickle

import numpy as np
import scipy.io
from scipy.spatial.transform import Rotation

import motion

# ---------------------------------------------------------------- joint sets and the maps of DATASETS.md

# Human3.6M's 32 joints as the motion superset provides them. The 15 joints the 17-joint skeleton
# drops get distinct points (toes, clavicles, hands) so that a wrong map cannot pass by accident.
H36M_32 = ["pelvis", "r_hip", "r_knee", "r_ankle", "r_toe", "r_toe_tip", "l_hip", "l_knee", "l_ankle",
           "l_toe", "l_toe_tip", "spine0", "spine", "thorax", "nose", "head_top", "l_clavicle",
           "l_shoulder", "l_elbow", "l_wrist", "l_thumb", "l_hand", "l_thumb", "l_hand", "r_clavicle",
           "r_shoulder", "r_elbow", "r_wrist", "r_hand", "r_thumb", "r_thumb", "r_hand"]
H36M_KEEP = [0, 1, 2, 3, 6, 7, 8, 12, 13, 14, 15, 17, 18, 19, 25, 26, 27]

MPI_28 = ["spine2", "thorax", "spine", "spine0", "pelvis", "neck", "head", "head_top",
          "l_clavicle", "l_shoulder", "l_elbow", "l_wrist", "l_hand",
          "r_clavicle", "r_shoulder", "r_elbow", "r_wrist", "r_hand",
          "l_hip", "l_knee", "l_ankle", "l_foot", "l_toe", "r_hip", "r_knee", "r_ankle", "r_foot", "r_toe"]
MPI_KEEP = [4, 23, 24, 25, 18, 19, 20, 3, 5, 6, 7, 9, 10, 11, 14, 15, 16]

COCO_17 = ["nose", "l_eye", "r_eye", "l_ear", "r_ear", "l_shoulder", "r_shoulder", "l_elbow", "r_elbow",
           "l_wrist", "r_wrist", "l_hip", "r_hip", "l_knee", "r_knee", "l_ankle", "r_ankle"]

MADS_19 = ["neck", "pelvis", "l_hip", "l_knee", "l_ankle", "l_toe", "r_hip", "r_knee", "r_ankle", "r_toe",
           "l_shoulder", "l_elbow", "l_wrist", "l_hand", "r_shoulder", "r_elbow", "r_wrist", "r_hand", "head_top"]
# The 15-joint sequences come in an undocumented order; the loaders must skip them.
MADS_15 = ["head_top", "neck", "r_shoulder", "r_elbow", "r_wrist", "l_shoulder", "l_elbow", "l_wrist",
           "pelvis", "r_hip", "r_knee", "r_ankle", "l_hip", "l_knee", "l_ankle"]


def coco_to_h36m(k):
    """(T, 17, 3) COCO -> (T, 17, 3) H36M-17 by the averages of DATASETS.md."""
    pelvis = (k[:, 11] + k[:, 12]) / 2
    thorax = (k[:, 5] + k[:, 6]) / 2
    spine = (pelvis + thorax) / 2
    head = (k[:, 1] + k[:, 2]) / 2
    return np.stack([pelvis, k[:, 12], k[:, 14], k[:, 16], k[:, 11], k[:, 13], k[:, 15], spine, thorax,
                     k[:, 0], head, k[:, 5], k[:, 7], k[:, 9], k[:, 6], k[:, 8], k[:, 10]], axis=1)


def mads_to_h36m(k):
    """(T, 19, 3) MADS -> (T, 17, 3) H36M-17 by the map of DATASETS.md."""
    return np.stack([k[:, 1], k[:, 6], k[:, 7], k[:, 8], k[:, 2], k[:, 3], k[:, 4], (k[:, 1] + k[:, 0]) / 2,
                     k[:, 0], (k[:, 0] + k[:, 18]) / 2, k[:, 18], k[:, 10], k[:, 11], k[:, 12], k[:, 14],
                     k[:, 15], k[:, 16]], axis=1)


def savemat(path, variables, **kwargs):
    """scipy.io.savemat, then a fixed creation date in the 116-byte header so that a seed gives identical files."""
    scipy.io.savemat(path, variables, **kwargs)
    with open(path, "r+b") as f:
        header = f.read(116).decode("latin-1")
        fixed = header.split("Created on:")[0] + "Created on: Thu Jan  1 00:00:00 2026"
        f.seek(0)
        f.write(fixed.ljust(116).encode("latin-1"))


# ---------------------------------------------------------------- cameras

def look_at(centre, target):
    """World-to-camera rotation (rows: right, down, forward) of a camera at centre looking at target (z-up world)."""
    forward = target - centre
    forward /= np.linalg.norm(forward)
    right = np.cross(forward, [0.0, 0.0, 1.0])
    right /= np.linalg.norm(right)
    down = np.cross(forward, right)
    return np.stack([right, down, forward])


def ring_cameras(rng, count, radius, heights):
    """count cameras on a ring around the origin looking at the body centre: list of (R world->camera, centre m)."""
    cams = []
    for i in range(count):
        angle = 2 * np.pi * i / count + rng.uniform(-0.2, 0.2)
        centre = np.array([radius * np.cos(angle), radius * np.sin(angle), rng.uniform(*heights)])
        cams.append((look_at(centre, np.array([0.0, 0.0, 1.0])), centre))
    return cams


def project(points_cam, fx, fy, cx, cy):
    """(..., 3) camera-frame points -> (..., 2) pixels (no distortion).

    All-zero points (invalid frames) divide by zero: their inf/nan pixels are kept, without numpy's warning."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.stack([fx * points_cam[..., 0] / points_cam[..., 2] + cx,
                         fy * points_cam[..., 1] / points_cam[..., 2] + cy], axis=-1)


# ---------------------------------------------------------------- ground truth

def gt_record(source, subject, action, camera, fps, pose17_mm):
    """One ground-truth sequence; NaN frames become null."""
    valid = ~np.isnan(pose17_mm).any(axis=(1, 2))
    return {
        "source": source, "subject": subject, "action": action, "camera": camera, "fps": fps,
        "frames": int(len(pose17_mm)), "valid": [bool(v) for v in valid],
        "positions": [np.round(f, 3).tolist() if v else None for f, v in zip(pose17_mm.astype(np.float64), valid)],
    }


def write_ground_truth(folder, dataset, sequences, skipped):
    with open(os.path.join(folder, "ground_truth.json"), "w") as f:
        json.dump({"dataset": dataset, "units": "mm", "joints": "h36m-17, source frame",
                   "sequences": sequences, "skipped": skipped}, f, separators=(",", ":"))


def nan_frames(rng, frames, count, first=False):
    """Indices of frames to blank out (the first frame too when first is set)."""
    picks = set(rng.choice(np.arange(1, frames), size=min(count, frames - 1), replace=False).tolist())
    if first:
        picks.add(0)
    return sorted(picks)


# ---------------------------------------------------------------- Human3.6M (VideoPose3D npz)

H36M_CAMERA_IDS = ["54138969", "55011271", "58860488", "60457274"]


def quaternion_wxyz(rotation):
    x, y, z, w = Rotation.from_matrix(rotation).as_quat()
    return [float(w), float(x), float(y), float(z)]


def write_h36m(out, rng, subjects, actions, frames, fps=50):
    """data_3d_h36m.npz (+ data_2d_h36m_gt.npz, h36m_cameras.json); metres, z up; S11 Directions missing."""
    os.makedirs(out, exist_ok=True)
    cams = ring_cameras(rng, 4, 4.5, (1.2, 1.8))
    intrinsics = [{"id": cid, "center": [512.0 + rng.uniform(-5, 5), 515.0 + rng.uniform(-5, 5)],
                   "focal_length": [1145.0 + rng.uniform(-5, 5), 1144.0 + rng.uniform(-5, 5)],
                   "radial_distortion": [-0.2, 0.24, -0.0025], "tangential_distortion": [-0.0018, -0.0005],
                   "res_w": 1000, "res_h": 1002} for cid in H36M_CAMERA_IDS]
    positions_3d, positions_2d, gt, extrinsics = {}, {}, [], {}
    for subject_name in subjects:
        subject = motion.Subject(rng)
        positions_3d[subject_name], positions_2d[subject_name] = {}, {}
        # VideoPose3D's convention: orientation rotates camera to world, translation is the centre (mm).
        extrinsics[subject_name] = [{"orientation": quaternion_wxyz(r.T), "translation": (c * 1000).tolist()} for r, c in cams]
        for action_name, style in actions:
            if subject_name == "S11" and action_name == "Directions":
                continue  # missing in the common distribution (the recording is corrupt)
            pos = motion.perform(subject, style, frames, fps, rng)
            p32 = motion.joints(pos, H36M_32).astype(np.float32)
            positions_3d[subject_name][action_name] = p32
            pose17 = p32[:, H36M_KEEP].astype(np.float64) * 1000.0
            views = []
            for (r, c), intr in zip(cams, intrinsics):
                cam = (pose17 / 1000.0 - c) @ r.T
                views.append(project(cam, *intr["focal_length"], *intr["center"]).astype(np.float32))
            positions_2d[subject_name][action_name] = views
            record = gt_record("data_3d_h36m.npz", subject_name, action_name, "world", fps, pose17)
            record["first_keypoints2d_camera0"] = views[0][0].astype(np.float64).tolist()
            gt.append(record)
    np.savez_compressed(os.path.join(out, "data_3d_h36m.npz"), positions_3d=positions_3d)
    metadata = {"layout_name": "h36m", "num_joints": 17, "keypoints_symmetry": [[4, 5, 6, 11, 12, 13], [1, 2, 3, 14, 15, 16]]}
    np.savez_compressed(os.path.join(out, "data_2d_h36m_gt.npz"), positions_2d=positions_2d, metadata=metadata)
    with open(os.path.join(out, "h36m_cameras.json"), "w") as f:
        json.dump({"intrinsics": intrinsics, "extrinsics": extrinsics}, f, indent=1)
    write_ground_truth(out, "h36m", gt, [])


# ---------------------------------------------------------------- MPI-INF-3DHP

def write_3dhp(out, rng, subjects, sequences, frames, cameras=14):
    """S*/Seq*/annot.mat (cells of 14 cameras, camera frame, mm, y down) + camera.calibration."""
    gt = []
    for subject_name in subjects:
        subject = motion.Subject(rng)
        for seq in sequences:
            folder = os.path.join(out, subject_name, seq)
            os.makedirs(folder, exist_ok=True)
            fps = 50 if (subject_name, seq) == ("S1", "Seq2") or subject_name in ("S3", "S5") else 25
            pos = motion.perform(subject, rng.choice(["walk", "gesture", "squat", "dance"]), frames, fps, rng) * 1000.0
            world = motion.joints(pos, MPI_28)
            cams = ring_cameras(rng, cameras, 3.5, (0.5, 2.5))
            annot2 = np.empty((cameras, 1), dtype=object)
            annot3 = np.empty((cameras, 1), dtype=object)
            univ3 = np.empty((cameras, 1), dtype=object)
            lines = ["Skeletool Camera Calibration File V1.0"]
            # One camera of each sequence loses a frame (NaN), as tracking dropouts do.
            blank_camera, blank_frame = int(rng.integers(cameras)), int(rng.integers(1, frames))
            for c, (r, centre) in enumerate(cams):
                cam = (world - centre * 1000.0) @ r.T
                if c == blank_camera:
                    cam[blank_frame] = np.nan
                # Quantized to 1/64 mm so that the compressed fixture stays small; still doubles.
                cam = np.round(cam * 64) / 64
                f = 1500.0 + rng.uniform(-20, 20)
                annot3[c, 0] = cam.reshape(frames, 84)
                pelvis = cam[:, 4:5]
                univ3[c, 0] = np.round((pelvis + (cam - pelvis) * 0.93) * 64).reshape(frames, 84) / 64
                annot2[c, 0] = np.round(project(cam, f, f, 1024.0, 1024.0) * 16).reshape(frames, 56) / 16
                t = -r @ (centre * 1000.0)
                extrinsic = np.vstack([np.hstack([r, t[:, None]]), [0, 0, 0, 1]])
                lines += [f"name          {c}", "  sensor      10 10", "  size        2048 2048", "  animated    0",
                          "  intrinsic   " + " ".join(f"{v:.6f}" for v in [f, 0, 1024, 0, 0, f, 1024, 0, 0, 0, 1, 0, 0, 0, 0, 1]),
                          "  extrinsic   " + " ".join(f"{v:.6f}" for v in extrinsic.ravel()), "  radial      0"]
                gt.append(gt_record(f"{subject_name}/{seq}/annot.mat", subject_name, seq, str(c), fps, cam[:, MPI_KEEP]))
            savemat(os.path.join(folder, "annot.mat"), {
                "annot2": annot2, "annot3": annot3, "univ_annot3": univ3,
                "frames": np.arange(frames, dtype=np.float64).reshape(frames, 1),
                "cameras": np.arange(cameras, dtype=np.float64).reshape(1, cameras)}, do_compression=True)
            with open(os.path.join(folder, "camera.calibration"), "w") as f:
                f.write("\n".join(lines) + "\n")
    write_ground_truth(out, "3dhp", gt, [])


# ---------------------------------------------------------------- AIST++

AIST_GENRES = ["gBR", "gPO", "gLO", "gMH", "gLH", "gHO", "gWA", "gKR", "gJS", "gJB"]
# z-up metres (x forward, y left) -> AIST++'s y-up centimetres: (x, y, z) -> (x, z, -y).
Z_UP_TO_Y_UP = np.array([[1.0, 0, 0], [0, 0, 1.0], [0, -1.0, 0]])


def write_aistpp(out, rng, count, frames, fps=60):
    """keypoints3d/*.pkl (COCO-17, cm, y up, NaN frames), cameras/*.json + mapping.txt, ignore_list.txt, splits/."""
    for sub in ("keypoints3d", "cameras", "splits"):
        os.makedirs(os.path.join(out, sub), exist_ok=True)
    settings = [f"setting{i}" for i in (1, 2)]
    for setting in settings:
        cams = []
        for i, (r, centre) in enumerate(ring_cameras(rng, 9, 5.0, (1.0, 2.0))):
            r_y = r @ Z_UP_TO_Y_UP.T
            c_y = Z_UP_TO_Y_UP @ centre * 100.0
            f = 1700.0 + rng.uniform(-30, 30)
            cams.append({"name": f"c{i + 1:02d}", "size": [1920, 1080],
                         "matrix": [[f, 0.0, 960.0], [0.0, f, 540.0], [0.0, 0.0, 1.0]],
                         "distortions": [float(v) for v in rng.normal(0, 0.01, 5)],
                         "rotation": Rotation.from_matrix(r_y).as_rotvec().tolist(),
                         "translation": (-r_y @ c_y).tolist()})
        with open(os.path.join(out, "cameras", setting + ".json"), "w") as f:
            json.dump(cams, f, indent=1)
    gt, skipped, names, mapping = [], [], [], []
    dancers = {}
    for i in range(count + 1):  # the last one goes on the ignore list
        dancer = f"d{int(rng.integers(1, 31)):02d}"
        subject = dancers.setdefault(dancer, motion.Subject(rng))
        genre = AIST_GENRES[i % len(AIST_GENRES)]
        name = f"{genre}_sBM_cAll_{dancer}_m{genre[1:]}{i % 6}_ch{i + 1:02d}"
        names.append(name)
        mapping.append(f"{name} {settings[i % len(settings)]}")
        world = motion.joints(motion.perform(subject, "dance", frames, fps, rng), COCO_17)
        optim = (world @ Z_UP_TO_Y_UP.T) * 100.0
        raw = optim + rng.normal(0, 0.8, optim.shape)  # before the bundle adjustment: noisier
        for frame in nan_frames(rng, frames, 2, first=(i == 0)):
            optim[frame] = np.nan
        for frame in nan_frames(rng, frames, 3):
            raw[frame] = np.nan
        payload = {"keypoints3d": raw, "keypoints3d_optim": optim}
        preferred = optim
        if i == 1:
            # Some releases lack the optimized keypoints: the loader falls back to keypoints3d.
            del payload["keypoints3d_optim"]
            preferred = raw
        with open(os.path.join(out, "keypoints3d", name + ".pkl"), "wb") as f:
            pickle.dump(payload, f)
        if i == count:
            skipped.append({"source": f"keypoints3d/{name}.pkl", "reason": "ignore_list.txt"})
        else:
            gt.append(gt_record(f"keypoints3d/{name}.pkl", dancer, name, "world", fps, coco_to_h36m(preferred) * 10.0))
    with open(os.path.join(out, "cameras", "mapping.txt"), "w") as f:
        f.write("\n".join(mapping) + "\n")
    with open(os.path.join(out, "ignore_list.txt"), "w") as f:
        f.write(names[-1] + "\n")
    train = names[: max(1, len(names) * 7 // 10)]
    rest = names[len(train):-1]
    for split, items in (("train", train), ("val", rest[: len(rest) // 2]), ("test", rest[len(rest) // 2:])):
        with open(os.path.join(out, "splits", f"pose_{split}.txt"), "w") as f:
            f.write("".join(n + "\n" for n in items))
    write_ground_truth(out, "aistpp", gt, skipped)


# ---------------------------------------------------------------- MADS

MADS_STYLES = ["Taichi", "Kata", "Jazz", "HipHop", "Sports"]


def write_mads(out, rng, styles, per_style, frames, fps=15):
    """multi_view_data/<Style>/<seq>_GT.mat (GTpose2 cell of J x 3, mm, NaN frames; some 15-joint) + Calib_Cam*.mat."""
    gt, skipped = [], []
    for s, style in enumerate(styles):
        folder = os.path.join(out, "multi_view_data", style)
        os.makedirs(folder, exist_ok=True)
        for i, (r, centre) in enumerate(ring_cameras(rng, 3, 4.0, (1.0, 2.0))):
            f = 1000.0 + rng.uniform(-20, 20)
            savemat(os.path.join(folder, f"Calib_Cam{i}.mat"), {
                "KK": np.array([[f, 0, 512.0], [0, f, 384.0], [0, 0, 1.0]]),
                "kc": rng.normal(0, 0.01, (5, 1)),
                "om_ext": Rotation.from_matrix(r).as_rotvec().reshape(3, 1),
                "T_ext": (-r @ (centre * 1000.0)).reshape(3, 1)})
        for q in range(per_style):
            name = f"{style}_S{q + 1}"
            subject = motion.Subject(rng)
            style_motion = "gesture" if style in ("Taichi", "Kata") else "dance"
            pos = motion.perform(subject, style_motion, frames, fps, rng) * 1000.0
            fifteen = s == 0 and q == per_style - 1
            joints = motion.joints(pos, MADS_15 if fifteen else MADS_19)
            for frame in nan_frames(rng, frames, 2):
                joints[frame] = np.nan
            cell = np.empty((1, frames), dtype=object)
            for t in range(frames):
                cell[0, t] = joints[t]
            savemat(os.path.join(folder, f"{name}_GT.mat"), {"GTpose2": cell})
            source = f"multi_view_data/{style}/{name}_GT.mat"
            if fifteen:
                skipped.append({"source": source, "reason": "15 joints"})
            else:
                gt.append(gt_record(source, style, name, "world", fps, mads_to_h36m(joints)))
    write_ground_truth(out, "mads", gt, skipped)
