"""Reference values of the evaluation metrics, written the way VideoPose3D (common/loss.py) and the
3DHP toolkit compute them, for PoseMetricsReferenceTests. Reads two raw little-endian float32 files
of shape (N, 17, 3) and prints one JSON object."""
import json
import sys

import numpy as np


def root_relative(x):
    return x - x[:, :1, :]


def mpjpe(predicted, target):
    return np.mean(np.linalg.norm(root_relative(predicted) - root_relative(target), axis=-1))


def p_mpjpe(predicted, target):
    mu_x = np.mean(target, axis=1, keepdims=True)
    mu_y = np.mean(predicted, axis=1, keepdims=True)
    x0 = target - mu_x
    y0 = predicted - mu_y
    norm_x = np.sqrt(np.sum(x0 ** 2, axis=(1, 2), keepdims=True))
    norm_y = np.sqrt(np.sum(y0 ** 2, axis=(1, 2), keepdims=True))
    x0 /= norm_x
    y0 /= norm_y
    h = np.matmul(x0.transpose(0, 2, 1), y0)
    u, s, vt = np.linalg.svd(h)
    v = vt.transpose(0, 2, 1)
    r = np.matmul(v, u.transpose(0, 2, 1))
    # Reflection fix: negate V's last column and the last singular value where det R < 0.
    sign_det_r = np.sign(np.expand_dims(np.linalg.det(r), axis=1))
    v[:, :, -1] *= sign_det_r
    s[:, -1] *= sign_det_r.flatten()
    r = np.matmul(v, u.transpose(0, 2, 1))
    tr = np.expand_dims(np.sum(s, axis=1, keepdims=True), axis=2)
    a = tr * norm_x / norm_y
    t = mu_x - a * np.matmul(mu_y, r)
    aligned = a * np.matmul(predicted, r) + t
    return np.mean(np.linalg.norm(aligned - target, axis=-1))


def n_mpjpe(predicted, target):
    p = root_relative(predicted)
    g = root_relative(target)
    norm_predicted = np.mean(np.sum(p ** 2, axis=2, keepdims=True), axis=1, keepdims=True)
    norm_target = np.mean(np.sum(g * p, axis=2, keepdims=True), axis=1, keepdims=True)
    scale = norm_target / norm_predicted
    return np.mean(np.linalg.norm(scale * p - g, axis=-1))


def mpjve(predicted, target):
    vp = np.diff(root_relative(predicted), axis=0)
    vt = np.diff(root_relative(target), axis=0)
    return np.mean(np.linalg.norm(vp - vt, axis=-1))


PCK_JOINTS = [1, 2, 3, 4, 5, 6, 8, 10, 11, 12, 13, 14, 15, 16]


def pck(predicted, target, threshold=150.0):
    err = np.linalg.norm(root_relative(predicted) - root_relative(target), axis=-1)[:, PCK_JOINTS]
    return 100.0 * np.mean(err < threshold)


def auc(predicted, target):
    return float(np.mean([pck(predicted, target, t) for t in np.arange(0, 151, 5)]))


def main():
    predicted = np.fromfile(sys.argv[1], dtype="<f4").reshape(-1, 17, 3).astype(np.float64)
    target = np.fromfile(sys.argv[2], dtype="<f4").reshape(-1, 17, 3).astype(np.float64)
    print(json.dumps({
        "mpjpe": float(mpjpe(predicted, target)),
        "p_mpjpe": float(p_mpjpe(predicted, target)),
        "n_mpjpe": float(n_mpjpe(predicted, target)),
        "mpjve": float(mpjve(predicted, target)),
        "pck150": float(pck(predicted, target)),
        "auc": auc(predicted, target),
    }))


if __name__ == "__main__":
    main()
