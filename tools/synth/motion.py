"""Plausible human motion for the synthetic datasets.

A named superset skeleton (every joint any of the four sources needs) is posed by forward kinematics
from smooth joint-angle trajectories (sums of sinusoids whose amplitudes depend on the action), with
per-subject bone lengths and root motion on the floor. World frame: x forward, y left, z up, metres.
Each source then picks its own joints from these named positions (see writers.py).
"""

import numpy as np

# (name, parent, rest offset from the parent in metres, in the body frame: x forward, y left, z up).
# The root (pelvis) offset is its rest height above the floor.
SKELETON = [
    ("pelvis", None, (0.0, 0.0, 0.95)),
    ("r_hip", "pelvis", (0.0, -0.13, -0.03)),
    ("r_knee", "r_hip", (0.0, 0.0, -0.44)),
    ("r_ankle", "r_knee", (0.0, 0.0, -0.43)),
    ("r_foot", "r_ankle", (0.06, 0.0, -0.05)),
    ("r_toe", "r_foot", (0.10, 0.0, -0.02)),
    ("r_toe_tip", "r_toe", (0.04, 0.0, 0.0)),
    ("l_hip", "pelvis", (0.0, 0.13, -0.03)),
    ("l_knee", "l_hip", (0.0, 0.0, -0.44)),
    ("l_ankle", "l_knee", (0.0, 0.0, -0.43)),
    ("l_foot", "l_ankle", (0.06, 0.0, -0.05)),
    ("l_toe", "l_foot", (0.10, 0.0, -0.02)),
    ("l_toe_tip", "l_toe", (0.04, 0.0, 0.0)),
    ("spine0", "pelvis", (-0.01, 0.0, 0.10)),
    ("spine", "spine0", (-0.01, 0.0, 0.12)),
    ("spine2", "spine", (0.0, 0.0, 0.11)),
    ("thorax", "spine2", (0.01, 0.0, 0.12)),
    ("neck", "thorax", (0.02, 0.0, 0.07)),
    ("nose", "neck", (0.10, 0.0, 0.09)),
    ("head", "neck", (0.01, 0.0, 0.12)),
    ("head_top", "head", (0.0, 0.0, 0.11)),
    ("l_eye", "head", (0.08, 0.035, 0.02)),
    ("r_eye", "head", (0.08, -0.035, 0.02)),
    ("l_ear", "head", (0.0, 0.075, 0.0)),
    ("r_ear", "head", (0.0, -0.075, 0.0)),
    ("l_clavicle", "thorax", (0.0, 0.04, -0.02)),
    ("l_shoulder", "l_clavicle", (-0.01, 0.14, -0.01)),
    ("l_elbow", "l_shoulder", (0.0, 0.0, -0.28)),
    ("l_wrist", "l_elbow", (0.0, 0.0, -0.25)),
    ("l_hand", "l_wrist", (0.0, 0.0, -0.08)),
    ("l_thumb", "l_wrist", (0.03, 0.0, -0.05)),
    ("r_clavicle", "thorax", (0.0, -0.04, -0.02)),
    ("r_shoulder", "r_clavicle", (-0.01, -0.14, -0.01)),
    ("r_elbow", "r_shoulder", (0.0, 0.0, -0.28)),
    ("r_wrist", "r_elbow", (0.0, 0.0, -0.25)),
    ("r_hand", "r_wrist", (0.0, 0.0, -0.08)),
    ("r_thumb", "r_wrist", (0.03, 0.0, -0.05)),
]
NAMES = [j[0] for j in SKELETON]
INDEX = {name: i for i, name in enumerate(NAMES)}
PARENTS = [None if p is None else INDEX[p] for _, p, _ in SKELETON]

# Which segments scale together for one subject (legs, torso, arms, head).
_SEGMENT_GROUP = {
    "r_knee": "thigh", "l_knee": "thigh", "r_ankle": "shin", "l_ankle": "shin",
    "spine0": "torso", "spine": "torso", "spine2": "torso", "thorax": "torso",
    "l_elbow": "upper_arm", "r_elbow": "upper_arm", "l_wrist": "forearm", "r_wrist": "forearm",
    "l_shoulder": "shoulder", "r_shoulder": "shoulder", "r_hip": "hip", "l_hip": "hip",
    "head": "head", "head_top": "head", "nose": "head", "neck": "neck",
}

# Joints with a local rotation and, per action, the amplitude (degrees) of their (x, y, z) Euler
# angles (roll about the forward axis, pitch about the left axis, yaw about up) and a base frequency (Hz).
ACTIONS = {
    "walk": {
        "speed": 1.2, "turn": 0.25, "bob": 0.03, "freq": 0.9,
        "amp": {"l_hip": (3, 28, 3), "r_hip": (3, 28, 3), "l_knee": (0, 30, 0), "r_knee": (0, 30, 0),
                "l_shoulder": (4, 20, 0), "r_shoulder": (4, 20, 0), "l_elbow": (0, 12, 0), "r_elbow": (0, 12, 0),
                "spine": (2, 3, 6), "neck": (2, 4, 8), "l_ankle": (0, 10, 0), "r_ankle": (0, 10, 0)},
    },
    "gesture": {
        "speed": 0.15, "turn": 0.4, "bob": 0.005, "freq": 0.5,
        "amp": {"l_shoulder": (35, 40, 10), "r_shoulder": (35, 45, 10), "l_elbow": (0, 40, 0), "r_elbow": (0, 45, 0),
                "spine": (4, 6, 12), "neck": (8, 10, 25), "l_hip": (2, 4, 2), "r_hip": (2, 4, 2)},
    },
    "squat": {
        "speed": 0.05, "turn": 0.1, "bob": 0.0, "freq": 0.3, "squat": 0.35,
        "amp": {"l_shoulder": (5, 25, 5), "r_shoulder": (5, 25, 5), "l_elbow": (0, 20, 0), "r_elbow": (0, 20, 0),
                "spine": (2, 10, 4), "neck": (3, 8, 10)},
    },
    "dance": {
        "speed": 0.5, "turn": 1.2, "bob": 0.06, "freq": 1.6,
        "amp": {"l_hip": (12, 35, 10), "r_hip": (12, 35, 10), "l_knee": (0, 45, 0), "r_knee": (0, 45, 0),
                "l_shoulder": (60, 50, 30), "r_shoulder": (60, 50, 30), "l_elbow": (0, 70, 0), "r_elbow": (0, 70, 0),
                "spine": (10, 15, 25), "spine2": (5, 8, 15), "neck": (10, 15, 30), "l_ankle": (0, 15, 0), "r_ankle": (0, 15, 0)},
    },
}


def rotation_matrices(euler):
    """(T, 3) Euler angles in radians (x roll, y pitch, z yaw; applied x, then y, then z) -> (T, 3, 3)."""
    cx, cy, cz = np.cos(euler.T)
    sx, sy, sz = np.sin(euler.T)
    rx = np.zeros((len(euler), 3, 3)); rx[:, 0, 0] = 1; rx[:, 1, 1] = cx; rx[:, 1, 2] = -sx; rx[:, 2, 1] = sx; rx[:, 2, 2] = cx
    ry = np.zeros((len(euler), 3, 3)); ry[:, 1, 1] = 1; ry[:, 0, 0] = cy; ry[:, 0, 2] = sy; ry[:, 2, 0] = -sy; ry[:, 2, 2] = cy
    rz = np.zeros((len(euler), 3, 3)); rz[:, 2, 2] = 1; rz[:, 0, 0] = cz; rz[:, 0, 1] = -sz; rz[:, 1, 0] = sz; rz[:, 1, 1] = cz
    return rz @ ry @ rx


class Subject:
    """One performer: bone lengths (segment scales) and a personal motion style."""

    def __init__(self, rng):
        height = rng.normal(1.0, 0.05)
        groups = {g: height * rng.normal(1.0, 0.04) for g in set(_SEGMENT_GROUP.values())}
        self.offsets = np.array([np.array(off) * groups.get(_SEGMENT_GROUP.get(name, ""), height)
                                 for name, _, off in SKELETON])
        self.style = rng.normal(1.0, 0.15, size=(len(SKELETON), 3)).clip(0.5, 1.5)
        self.phase = rng.uniform(0, 2 * np.pi, size=(len(SKELETON), 3))


def perform(subject, action, frames, fps, rng):
    """Positions (frames, joints, 3) in metres, world frame z up, for one take of an action."""
    spec = ACTIONS[action]
    t = np.arange(frames) / fps
    freq = spec["freq"] * rng.uniform(0.85, 1.15)
    local = np.zeros((frames, len(SKELETON), 3))
    for name, amp in spec["amp"].items():
        j = INDEX[name]
        side = np.pi if name.startswith("r_") and action == "walk" else 0.0
        for axis in range(3):
            a = np.radians(amp[axis]) * subject.style[j, axis]
            phase = subject.phase[j, axis] * (0.2 if action == "walk" else 1.0) + side
            wave = np.sin(2 * np.pi * freq * t + phase) + 0.3 * np.sin(2 * np.pi * 2.1 * freq * t + 1.7 * phase)
            local[:, j, axis] = a * wave
    # Knees and elbows only bend one way; arms hang slightly away from the body.
    for name in ("l_knee", "r_knee"):
        local[:, INDEX[name], 1] = np.abs(local[:, INDEX[name], 1])
    for name in ("l_elbow", "r_elbow"):
        local[:, INDEX[name], 1] = -np.abs(local[:, INDEX[name], 1]) - 0.2
    local[:, INDEX["l_shoulder"], 0] -= 0.15
    local[:, INDEX["r_shoulder"], 0] += 0.15
    squat = 0.0
    if "squat" in spec:
        squat = spec["squat"] * (0.5 - 0.5 * np.cos(2 * np.pi * freq * t))
        for side in ("l_", "r_"):
            local[:, INDEX[side + "hip"], 1] -= 2.2 * squat
            local[:, INDEX[side + "knee"], 1] += 4.4 * squat
            local[:, INDEX[side + "ankle"], 1] -= 2.2 * squat

    # Root: heading turns smoothly, the pelvis travels along it, bobs, and drops when squatting.
    heading = rng.uniform(-np.pi, np.pi) + spec["turn"] * np.sin(2 * np.pi * 0.1 * t + rng.uniform(0, 6))
    step = spec["speed"] / fps
    start = rng.uniform(-1.0, 1.0, size=2)
    xy = start + np.cumsum(np.stack([np.cos(heading), np.sin(heading)], axis=1) * step, axis=0)
    root_euler = np.stack([0.03 * np.sin(2 * np.pi * freq * t), 0.05 + 0.02 * np.sin(2 * np.pi * freq * t), heading], axis=1)
    root_pos = np.zeros((frames, 3))
    root_pos[:, :2] = xy
    root_pos[:, 2] = subject.offsets[0, 2] + spec["bob"] * np.abs(np.sin(2 * np.pi * freq * t)) - 0.4 * squat

    glob_rot = np.zeros((frames, len(SKELETON), 3, 3))
    pos = np.zeros((frames, len(SKELETON), 3))
    glob_rot[:, 0] = rotation_matrices(root_euler) @ rotation_matrices(local[:, 0])
    pos[:, 0] = root_pos
    for j in range(1, len(SKELETON)):
        p = PARENTS[j]
        pos[:, j] = pos[:, p] + np.einsum("tij,j->ti", glob_rot[:, p], subject.offsets[j])
        glob_rot[:, j] = glob_rot[:, p] @ rotation_matrices(local[:, j])
    return pos


def joints(positions, names):
    """Selects named joints: (T, len(names), 3)."""
    return positions[:, [INDEX[n] for n in names]]
