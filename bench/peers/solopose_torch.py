"""PyTorch peer of src/Models' SoloPose on TorchSharp (keypoint adapter, Swin-style windowed temporal
transformer with the 3D relative position bias, HeatPose head / regression head, AdamW + warm-up/cosine
+ clipping): the same blocks, sizes, data and thread count as bench/PoseCluster.Bench.SoloPose's `steps`
mode; used only by bench/solopose/run.sh.

Prints one JSON line: {"impl": "pytorch", "head", "steps_per_s", "loss_first", "loss_last"}.
"""
import argparse, json, math, time

import torch
import torch.nn as nn
import torch.nn.functional as F

PARENTS = [-1, 0, 1, 2, 0, 4, 5, 0, 7, 8, 9, 8, 11, 12, 8, 14, 15]


class Mlp(nn.Module):
    def __init__(self, dim, hidden):
        super().__init__()
        self.fc1, self.fc2 = nn.Linear(dim, hidden), nn.Linear(hidden, dim)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x)))


def partition(x, w):
    B, T, H, W, C = x.shape
    x = x.view(B, T // w[0], w[0], H // w[1], w[1], W // w[2], w[2], C)
    return x.permute(0, 1, 3, 5, 2, 4, 6, 7).reshape(-1, w[0] * w[1] * w[2], C)


def reverse(win, w, B, T, H, W):
    C = win.shape[-1]
    x = win.view(B, T // w[0], H // w[1], W // w[2], w[0], w[1], w[2], C)
    return x.permute(0, 1, 4, 2, 5, 3, 6, 7).reshape(B, T, H, W, C)


class WindowBlock(nn.Module):
    def __init__(self, dim, heads, window, shift, mlp_ratio):
        super().__init__()
        self.window, self.shift, self.heads = window, shift, heads
        self.norm1, self.norm2 = nn.LayerNorm(dim), nn.LayerNorm(dim)
        self.qkv, self.proj = nn.Linear(dim, 3 * dim), nn.Linear(dim, dim)
        self.mlp = Mlp(dim, int(dim * mlp_ratio))
        st, sh, sw = (2 * w - 1 for w in window)
        self.table = nn.Parameter(torch.randn(st * sh * sw, heads) * 0.02)
        coords = torch.stack(torch.meshgrid(*[torch.arange(w) for w in window], indexing="ij")).flatten(1)
        rel = (coords[:, :, None] - coords[:, None, :]).permute(1, 2, 0) + torch.tensor(window) - 1
        self.register_buffer("index", (rel[..., 0] * sh + rel[..., 1]) * sw + rel[..., 2])

    def mask(self, T, H, W):
        labels = torch.zeros(1, T, H, W, 1)
        dims = (T, H, W)

        def region(i, a):
            if self.shift[a] == 0:
                return 0
            return 0 if i < dims[a] - self.window[a] else (1 if i < dims[a] - self.shift[a] else 2)

        for t in range(T):
            for h in range(H):
                for w in range(W):
                    labels[0, t, h, w, 0] = (region(t, 0) * 3 + region(h, 1)) * 3 + region(w, 2)
        parts = partition(labels, self.window).squeeze(-1)
        return (parts[:, None, :] != parts[:, :, None]).float() * -100.0

    def forward(self, x):
        B, T, H, W, C = x.shape
        short = x
        x = self.norm1(x)
        pads = [(w - d % w) % w for w, d in zip(self.window, (T, H, W))]
        if any(pads):
            x = F.pad(x, (0, 0, 0, pads[2], 0, pads[1], 0, pads[0]))
        Tp, Hp, Wp = T + pads[0], H + pads[1], W + pads[2]
        shifted = any(self.shift)
        m = None
        if shifted:
            x = torch.roll(x, [-s for s in self.shift], (1, 2, 3))
            m = self.mask(Tp, Hp, Wp)
        win = partition(x, self.window)
        N, nW = win.shape[1], win.shape[0] // B
        qkv = self.qkv(win).reshape(-1, N, 3, self.heads, C // self.heads).permute(2, 0, 3, 1, 4)
        q = qkv[0] * (C // self.heads) ** -0.5
        scores = q @ qkv[1].transpose(-2, -1)
        bias = self.table[self.index.view(-1)].view(N, N, -1).permute(2, 0, 1)
        if m is not None:
            bias = (bias[None] + m[:, None])[None].expand(B, nW, self.heads, N, N).reshape(-1, self.heads, N, N)
        out = (torch.softmax(scores + bias, -1) @ qkv[2]).transpose(1, 2).reshape(-1, N, C)
        x = reverse(self.proj(out), self.window, B, Tp, Hp, Wp)
        if shifted:
            x = torch.roll(x, list(self.shift), (1, 2, 3))
        x = short + x[:, :T, :H, :W]
        return x + self.mlp(self.norm2(x))


class SoloPose(nn.Module):
    def __init__(self, a):
        super().__init__()
        self.a = a
        J, D = 17, a.embed
        self.kw = nn.Parameter(torch.randn(J, 2, D) * math.sqrt(0.5))
        self.kb = nn.Parameter(torch.randn(J, D) * 0.02)
        window = (min(a.window_t, a.frames), 1, J)
        self.blocks = nn.ModuleList(
            WindowBlock(D, a.heads, window, (window[0] // 2 if i % 2 and window[0] < a.frames else 0, 0, 0), 2.0)
            for i in range(a.depth))
        self.norm = nn.LayerNorm(D)
        self.token = nn.Linear(D, a.token_dim)
        c0, g0 = a.channels, a.grid // 4
        if a.head == "heatpose":
            self.to_volume = nn.Linear(J * a.token_dim, c0 * g0 ** 3)
            self.c1 = nn.Conv3d(c0, c0 // 2, 3, padding=1)
            self.c2 = nn.Conv3d(c0 // 2, c0 // 4, 3, padding=1)
            self.c3 = nn.Conv3d(c0 // 4, J, 3, padding=1)
        else:
            self.hidden = nn.Linear(J * a.token_dim, 4 * D)
            self.out = nn.Linear(4 * D, J * 3)

    def forward(self, kp):  # [B, T, J, 2]
        B, T, J, _ = kp.shape
        k = kp - kp[:, :, :1]
        k = k / k.pow(2).sum(-1).mean((1, 2), keepdim=True).sqrt()[..., None].clamp_min(1e-6)
        x = (torch.einsum("fjc,jcd->fjd", k.reshape(B * T, J, 2), self.kw) + self.kb).view(B, T, 1, J, -1)
        for blk in self.blocks:
            x = blk(x)
        h = self.token(self.norm(x.reshape(B * T, J, -1))).flatten(1)
        if self.a.head != "heatpose":
            return self.out(F.gelu(self.hidden(h))).view(-1, J, 3)
        c0, g0 = self.a.channels, self.a.grid // 4
        up = lambda z: F.interpolate(z, scale_factor=2, mode="trilinear", align_corners=False)
        v = F.gelu(self.to_volume(h)).view(-1, c0, g0, g0, g0)
        v = up(F.gelu(self.c1(v)))
        v = up(F.gelu(self.c2(v)))
        return self.c3(v).flatten(2)


def targets(rel, grid, extent, sigma_vox, c):
    """HeatPose GMM targets [F, J, G^3] of root-relative joints [F, J, 3] (the same mixture as src/Models)."""
    Fr, J, _ = rel.shape
    vox = extent / grid
    nb = [[] for _ in range(J)]
    for j, p in enumerate(PARENTS):
        if p >= 0:
            nb[j].append(p)
            nb[p].append(j)
    gs = []
    for f in range(Fr):
        for j in range(J):
            lst = [(rel[f, j], sigma_vox * vox, 1.0)]
            for a in nb[j]:
                d = rel[f, a] - rel[f, j]
                dist = float(d.norm())
                for i in range(1, int(dist // c) + 1):
                    lst.append((rel[f, j] + d * (i * c / dist), sigma_vox * vox * i * i, 1.0 / i ** 6))
            gs.append(lst)
    M = max(len(l) for l in gs)
    mu = torch.zeros(Fr * J, M, 3)
    sg = torch.ones(Fr * J, M)
    amp = torch.zeros(Fr * J, M)
    for n, l in enumerate(gs):
        for m, (u, s, w) in enumerate(l):
            mu[n, m], sg[n, m], amp[n, m] = u, s, w
    cen = (torch.arange(grid) + 0.5) * vox - extent / 2
    den = (2 * sg * sg)[..., None]
    ax = lambda k: torch.exp(-(cen.view(1, 1, -1) - mu[..., k, None]) ** 2 / den)
    ex = ax(0) * amp[..., None]
    eyz = (ax(1)[..., :, None] * ax(2)[..., None, :]).reshape(Fr * J, M, -1)
    vol = torch.bmm(ex.transpose(1, 2), eyz).reshape(Fr, J, -1)
    return vol / vol.sum(-1, keepdim=True)


def main():
    ap = argparse.ArgumentParser()
    for name, default in [("frames", 16), ("batch", 4), ("embed", 64), ("depth", 4), ("heads", 4), ("window_t", 4),
                          ("channels", 16), ("token_dim", 8), ("grid", 16), ("steps", 10), ("threads", 1)]:
        ap.add_argument("--" + name.replace("_", "-"), type=int, default=default)
    ap.add_argument("--head", default="heatpose")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(42)
    model = SoloPose(a)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)
    g = torch.Generator().manual_seed(1)
    pose = torch.randn(a.batch, a.frames, 17, 3, generator=g) * 300
    kp = pose[..., [0, 2]].contiguous()
    rel = (pose - pose[:, :, :1]).reshape(-1, 17, 3)
    losses = []

    def step(s):
        opt.zero_grad()
        out = model(kp)
        if a.head == "heatpose":
            loss = -(targets(rel, a.grid, 2000.0, 1.0, 100.0) * torch.log_softmax(out, -1)).sum(-1).mean()
        else:
            loss = F.mse_loss(out, rel / 1000.0)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        lr = 1e-3 * (s + 1) / 100
        for grp in opt.param_groups:
            grp["lr"] = lr
        opt.step()
        losses.append(float(loss))

    step(0)  # warm-up step, not timed
    c0 = time.process_time()
    t0 = time.perf_counter()
    for s in range(1, a.steps + 1):
        step(s)
    dt = time.perf_counter() - t0
    cpu_ms = (time.process_time() - c0) * 1000 / a.steps
    print(json.dumps({"impl": "pytorch", "head": a.head, "steps_per_s": a.steps / dt, "cpu_ms_per_step": cpu_ms,
                      "loss_first": losses[0], "loss_last": losses[-1]}))


if __name__ == "__main__":
    main()
