"""Drives libposecluster_native through its C ABI (ctypes) with the same model, batch, data and threads
as bench/peers/solopose_torch.py. Prints {"impl": "native", "head", "steps_per_s", "loss_first", "loss_last"}.
"""
import argparse, ctypes as C, json, os, sys, time

import numpy as np

PARENTS = [-1, 0, 1, 2, 0, 4, 5, 0, 7, 8, 9, 8, 11, 12, 8, 14, 15]


class Config(C.Structure):
    _fields_ = [(n, C.c_int32) for n in ("struct_size", "input_kind", "joints", "frames", "root_joint")] + \
               [("parents", C.c_int32 * 32)] + \
               [(n, C.c_int32) for n in ("image_size", "patch_size", "encoder_dim", "encoder_depth", "encoder_heads",
                                          "embed_dim", "depth", "heads", "window_t", "window_h", "window_w")] + \
               [("mlp_ratio", C.c_float)] + [(n, C.c_int32) for n in ("head_kind", "head_channels", "head_token_dim", "grid")] + \
               [(n, C.c_float) for n in ("extent_mm", "sigma_voxels", "side_step_mm", "lr", "weight_decay", "min_lr_ratio", "clip_norm")] + \
               [("warmup_steps", C.c_int32), ("total_steps", C.c_int32), ("seed", C.c_int64)]


def main():
    ap = argparse.ArgumentParser()
    for name, default in [("frames", 16), ("batch", 4), ("embed", 64), ("depth", 4), ("heads", 4), ("window_t", 4),
                          ("channels", 32), ("token_dim", 8), ("grid", 32), ("steps", 10), ("threads", 1)]:
        ap.add_argument("--" + name.replace("_", "-"), type=int, default=default)
    ap.add_argument("--head", default="heatpose")
    ap.add_argument("--lib", default=os.path.join(os.path.dirname(__file__), "../../artifacts/native/libposecluster_native.so"))
    a = ap.parse_args()
    lib = C.CDLL(a.lib)
    lib.pc_last_error.restype = C.c_char_p
    assert lib.pc_config_size() == C.sizeof(Config)

    def check(status):
        if status != 0:
            sys.exit("native: " + lib.pc_last_error().decode())

    c = Config(struct_size=C.sizeof(Config), input_kind=0, joints=17, frames=a.frames, root_joint=0,
               image_size=224, patch_size=16, encoder_dim=192, encoder_depth=1, encoder_heads=3,
               embed_dim=a.embed, depth=a.depth, heads=a.heads, window_t=a.window_t, window_h=1, window_w=17, mlp_ratio=2.0,
               head_kind=0 if a.head == "heatpose" else 1, head_channels=a.channels, head_token_dim=a.token_dim, grid=a.grid,
               extent_mm=2000, sigma_voxels=1, side_step_mm=100, lr=1e-3, weight_decay=0.01, min_lr_ratio=1.0, clip_norm=1.0,
               warmup_steps=100, total_steps=1000, seed=42)
    for j, p in enumerate(PARENTS):
        c.parents[j] = p
    check(lib.pc_set_num_threads(a.threads))
    model = C.c_void_p()
    check(lib.pc_model_create(C.byref(c), b"cpu", C.byref(model)))
    rng = np.random.default_rng(1)
    pose = (rng.standard_normal((a.batch, a.frames, 17, 3)) * 300).astype(np.float32)
    kp = np.ascontiguousarray(pose[..., [0, 2]])
    fp = lambda x: x.ctypes.data_as(C.POINTER(C.c_float))
    loss, norm, lr = C.c_float(), C.c_float(), C.c_float()
    losses = []

    def step():
        check(lib.pc_model_forward_backward(model, fp(kp), C.c_int64(kp.size), fp(pose), C.c_int64(pose.size), a.batch, C.byref(loss)))
        check(lib.pc_model_optimizer_step(model, C.byref(norm), C.byref(lr)))
        losses.append(loss.value)

    step()  # warm-up step, not timed
    t0 = time.perf_counter()
    for _ in range(a.steps):
        step()
    dt = time.perf_counter() - t0
    lib.pc_model_destroy(model)
    print(json.dumps({"impl": "native", "head": a.head, "steps_per_s": a.steps / dt, "loss_first": losses[0], "loss_last": losses[-1]}))


if __name__ == "__main__":
    main()
