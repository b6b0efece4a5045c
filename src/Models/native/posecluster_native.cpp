// SoloPose (paper §4.1) and HeatPose (§4.2, ARCHITECTURE §6) on libtorch, behind the C ABI of
// posecluster_native.h. One translation unit for the model: libtorch headers dominate compile time.
#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>
#include <torch/nn.h>
#include <torch/optim/adamw.h>
#include <torch/serialize.h>

#include <array>
#include <cstddef>
#include <cmath>
#include <cstring>
#include <fstream>
#include <vector>

#include "native_errors.h"

namespace pc {

namespace {
thread_local std::string last_error;
constexpr double kPi = 3.14159265358979323846;
}  // namespace

void set_last_error(const std::string& message) { last_error = message; }

namespace nn = torch::nn;
using torch::Tensor;

// ---------------------------------------------------------------------------------------------
// Configuration checks: everything is validated before a tensor exists.

void validate(const pc_model_config* c) {
  require(c != nullptr, "config must not be null");
  require(c->struct_size == static_cast<int32_t>(sizeof(pc_model_config)),
          "config.struct_size is " + std::to_string(c->struct_size) + ", the library expects " +
              std::to_string(sizeof(pc_model_config)));
  require(c->joints >= 1 && c->joints <= PC_MAX_JOINTS, "config.joints must be in 1..32");
  require(c->frames >= 1, "config.frames must be positive");
  require(c->root_joint >= 0 && c->root_joint < c->joints, "config.root_joint must be a joint index");
  for (int j = 0; j < c->joints; ++j) {
    int p = c->parents[j];
    require(p == -1 || (p >= 0 && p < c->joints && p != j),
            "config.parents[" + std::to_string(j) + "] must be -1 or another joint index");
  }
  require(c->input_kind == PC_INPUT_KEYPOINTS || c->input_kind == PC_INPUT_VIDEO, "config.input_kind must be 0 or 1");
  if (c->input_kind == PC_INPUT_VIDEO) {
    require(c->patch_size >= 1 && c->image_size >= c->patch_size && c->image_size % c->patch_size == 0,
            "config.image_size must be a positive multiple of config.patch_size");
    require(c->encoder_depth >= 1 && c->encoder_heads >= 1 && c->encoder_dim % c->encoder_heads == 0,
            "config.encoder_dim must be a multiple of config.encoder_heads, depth >= 1");
  }
  require(c->depth >= 1 && c->heads >= 1 && c->embed_dim >= c->heads && c->embed_dim % c->heads == 0,
          "config.embed_dim must be a multiple of config.heads, depth >= 1");
  require(c->window_t >= 1 && c->window_h >= 1 && c->window_w >= 1, "config.window_* must be positive");
  require(c->mlp_ratio > 0, "config.mlp_ratio must be positive");
  require(c->head_kind == PC_HEAD_HEATPOSE || c->head_kind == PC_HEAD_REGRESSION, "config.head_kind must be 0 or 1");
  require(c->head_channels >= 4 && c->head_channels % 4 == 0, "config.head_channels must be a positive multiple of 4");
  require(c->head_token_dim >= 1, "config.head_token_dim must be positive");
  require(c->grid >= 8 && c->grid % 4 == 0 && c->grid <= 128, "config.grid must be a multiple of 4 in 8..128");
  require(c->extent_mm > 0 && c->sigma_voxels > 0 && c->side_step_mm > 0,
          "config.extent_mm, sigma_voxels and side_step_mm must be positive");
  require(c->lr > 0 && c->weight_decay >= 0 && c->min_lr_ratio >= 0 && c->min_lr_ratio <= 1 && c->clip_norm >= 0,
          "config optimizer settings out of range (lr > 0, weight_decay >= 0, min_lr_ratio in 0..1, clip_norm >= 0)");
  require(c->warmup_steps >= 0 && c->total_steps >= 1, "config.warmup_steps >= 0 and total_steps >= 1");
}

void require_length(const char* what, int64_t actual, int64_t expected) {
  require(actual == expected, std::string(what) + " has " + std::to_string(actual) + " floats, expected " +
                                  std::to_string(expected));
}

// ---------------------------------------------------------------------------------------------
// HeatPose: GMM targets (Eq. 6-8) and their decoding.

struct Gaussian {
  float mu[3];
  float sigma;
  float amplitude;
};

std::vector<std::vector<int>> neighbours_of(const pc_model_config& c) {
  std::vector<std::vector<int>> n(c.joints);
  for (int j = 0; j < c.joints; ++j)
    if (c.parents[j] >= 0) {
      n[j].push_back(c.parents[j]);
      n[c.parents[j]].push_back(j);
    }
  return n;
}

// The mixture of joint j given all joints' positions (mm): the main Gaussian at the joint and, for every
// bone neighbour at distance d, N_s = floor(d / c) side Gaussians at c, 2c, ... towards it with
// sigma_i = i^2 sigma. Each component is a normalized density (Eq. 8), so its peak is (sigma/sigma_i)^3.
// With `continuous` (decoding only) the count is ramped, side i weighted by clamp(d/c - i + 1, 0, 1), so
// estimates that start too close together are pushed apart instead of losing their side Gaussians.
void mixture_of(const pc_model_config& c, const std::vector<std::vector<int>>& neighbours, const float* joints,
                int j, std::vector<Gaussian>& out, bool continuous = false) {
  out.clear();
  const float voxel = c.extent_mm / c.grid;
  const float sigma = c.sigma_voxels * voxel;
  const float* p = joints + 3 * j;
  out.push_back({{p[0], p[1], p[2]}, sigma, 1.0f});
  for (int a : neighbours[j]) {
    const float* q = joints + 3 * a;
    float d[3] = {q[0] - p[0], q[1] - p[1], q[2] - p[2]};
    float dist = std::sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
    float steps = dist / c.side_step_mm;
    int sides = static_cast<int>(continuous ? std::ceil(steps) : std::floor(steps));
    for (int i = 1; i <= sides; ++i) {
      float t = i * c.side_step_mm / dist;
      float ratio = 1.0f / static_cast<float>(i * i);
      float weight = continuous ? std::min(1.0f, std::max(0.0f, steps - i + 1)) : 1.0f;
      out.push_back({{p[0] + t * d[0], p[1] + t * d[1], p[2] + t * d[2]},
                     sigma * i * i,
                     weight * ratio * ratio * ratio});
    }
  }
}

float voxel_centre(const pc_model_config& c, int64_t k) {
  const float voxel = c.extent_mm / c.grid;
  return -0.5f * c.extent_mm + (static_cast<float>(k) + 0.5f) * voxel;
}

// Targets for root-relative joints rel [F, J, 3] (CPU float): [F, J, G^3], each volume summing to 1.
// Voxel index = (x * G + y) * G + z. Separable Gaussians: one batched matmul per frame and joint.
Tensor heatpose_targets(const pc_model_config& c, const Tensor& rel) {
  auto joints = rel.contiguous().to(torch::kCPU);
  const int64_t F = joints.size(0), J = c.joints, G = c.grid;
  const float* data = joints.data_ptr<float>();
  auto neighbours = neighbours_of(c);
  std::vector<std::vector<Gaussian>> all(F * J);
  int64_t M = 1;
  for (int64_t f = 0; f < F; ++f)
    for (int j = 0; j < J; ++j) {
      mixture_of(c, neighbours, data + f * J * 3, j, all[f * J + j]);
      M = std::max<int64_t>(M, static_cast<int64_t>(all[f * J + j].size()));
    }
  auto mu = torch::zeros({F * J, M, 3});
  auto sigma = torch::ones({F * J, M});
  auto amplitude = torch::zeros({F * J, M});
  auto mu_a = mu.accessor<float, 3>();
  auto sigma_a = sigma.accessor<float, 2>();
  auto amp_a = amplitude.accessor<float, 2>();
  for (int64_t n = 0; n < F * J; ++n)
    for (size_t m = 0; m < all[n].size(); ++m) {
      const auto& g = all[n][m];
      for (int a = 0; a < 3; ++a) mu_a[n][m][a] = g.mu[a];
      sigma_a[n][m] = g.sigma;
      amp_a[n][m] = g.amplitude;
    }
  auto centres = torch::arange(G, torch::kFloat).add_(0.5).mul_(c.extent_mm / G).sub_(0.5 * c.extent_mm);
  auto denom = (2.0 * sigma * sigma).unsqueeze(-1);                            // [N, M, 1]
  auto axis = [&](int a) {                                                      // [N, M, G]
    auto diff = centres.view({1, 1, G}) - mu.select(2, a).unsqueeze(-1);
    return torch::exp(-(diff * diff) / denom);
  };
  auto ex = axis(0) * amplitude.unsqueeze(-1);
  auto eyz = (axis(1).unsqueeze(-1) * axis(2).unsqueeze(-2)).reshape({F * J, M, G * G});
  auto volume = torch::bmm(ex.transpose(1, 2), eyz).reshape({F, J, G * G * G});
  return volume / volume.sum(-1, true).clamp_min(1e-30);
}

constexpr int kDecodeRadius = 2;
constexpr int kDecodeIterations = 10;

struct Window {
  int lo[3], hi[3];
};

// Soft-argmax inside a window, the expectation of voxel centres under the (renormalized) local mass.
template <typename Mass>
void local_soft_argmax(const pc_model_config& c, const Window& w, Mass mass, float* out) {
  double sum = 0, acc[3] = {0, 0, 0};
  for (int x = w.lo[0]; x <= w.hi[0]; ++x)
    for (int y = w.lo[1]; y <= w.hi[1]; ++y)
      for (int z = w.lo[2]; z <= w.hi[2]; ++z) {
        double m = mass(x, y, z);
        sum += m;
        acc[0] += m * voxel_centre(c, x);
        acc[1] += m * voxel_centre(c, y);
        acc[2] += m * voxel_centre(c, z);
      }
  for (int a = 0; a < 3; ++a) out[a] = sum > 0 ? static_cast<float>(acc[a] / sum) : voxel_centre(c, (w.lo[a] + w.hi[a]) / 2);
}

// Decodes probabilities [F, J, G^3] into joints [F, J, 3] mm. Soft-argmax around each volume's peak is
// biased by the side Gaussians towards the bone neighbours, so the estimate is refined by a fixed-point
// iteration: x <- x + (soft-argmax of the volume - soft-argmax of the mixture rendered at x), which is
// exact for a target volume and sub-voxel for a network's output.
void heatpose_decode(const pc_model_config& c, const float* probabilities, int64_t frames, float* joints) {
  const int J = c.joints, G = c.grid;
  const int64_t V = static_cast<int64_t>(G) * G * G;
  auto neighbours = neighbours_of(c);
  std::vector<Window> windows(J);
  std::vector<float> observed(J * 3), estimate(J * 3), next(J * 3);
  std::vector<Gaussian> mixture;
  for (int64_t f = 0; f < frames; ++f) {
    for (int j = 0; j < J; ++j) {
      const float* p = probabilities + (f * J + j) * V;
      int64_t best = 0;
      for (int64_t v = 1; v < V; ++v)
        if (p[v] > p[best]) best = v;
      int m[3] = {static_cast<int>(best / (G * G)), static_cast<int>((best / G) % G), static_cast<int>(best % G)};
      for (int a = 0; a < 3; ++a) {
        windows[j].lo[a] = std::max(0, m[a] - kDecodeRadius);
        windows[j].hi[a] = std::min(G - 1, m[a] + kDecodeRadius);
      }
      local_soft_argmax(c, windows[j], [&](int x, int y, int z) { return p[(static_cast<int64_t>(x) * G + y) * G + z]; },
                        &observed[3 * j]);
    }
    estimate = observed;
    for (int it = 0; it < kDecodeIterations; ++it) {
      for (int j = 0; j < J; ++j) {
        mixture_of(c, neighbours, estimate.data(), j, mixture, true);
        float rendered[3];
        local_soft_argmax(c, windows[j],
                          [&](int x, int y, int z) {
                            double v = 0, px = voxel_centre(c, x), py = voxel_centre(c, y), pz = voxel_centre(c, z);
                            for (const auto& g : mixture) {
                              double dx = px - g.mu[0], dy = py - g.mu[1], dz = pz - g.mu[2];
                              v += g.amplitude * std::exp(-(dx * dx + dy * dy + dz * dz) / (2.0 * g.sigma * g.sigma));
                            }
                            return v;
                          },
                          rendered);
        for (int a = 0; a < 3; ++a) next[3 * j + a] = estimate[3 * j + a] + (observed[3 * j + a] - rendered[a]);
      }
      estimate.swap(next);
    }
    std::memcpy(joints + f * J * 3, estimate.data(), sizeof(float) * J * 3);
  }
}

Tensor heatpose_cross_entropy(const Tensor& logits, const Tensor& targets) {
  return -(targets * torch::log_softmax(logits, -1)).sum(-1).mean();
}

// ---------------------------------------------------------------------------------------------
// Modules.

struct MlpImpl : nn::Module {
  nn::Linear fc1{nullptr}, fc2{nullptr};
  bool quick_gelu;
  MlpImpl(int64_t dim, int64_t hidden, bool quick) : quick_gelu(quick) {
    fc1 = register_module("fc1", nn::Linear(dim, hidden));
    fc2 = register_module("fc2", nn::Linear(hidden, dim));
  }
  Tensor forward(Tensor x) {
    x = fc1(x);
    x = quick_gelu ? x * torch::sigmoid(1.702 * x) : torch::gelu(x);
    return fc2(x);
  }
};
TORCH_MODULE(Mlp);

// Multi-head attention over [B, N, C] with an optional additive bias broadcast to [B, heads, N, N].
Tensor attention(nn::Linear qkv, nn::Linear proj, const Tensor& x, int64_t heads, const Tensor& bias) {
  const int64_t B = x.size(0), N = x.size(1), C = x.size(2);
  auto parts = qkv->forward(x).reshape({B, N, 3, heads, C / heads}).permute({2, 0, 3, 1, 4});
  auto q = parts[0] * (1.0 / std::sqrt(static_cast<double>(C / heads)));
  auto scores = q.matmul(parts[1].transpose(-2, -1));
  if (bias.defined()) scores = scores + bias;
  auto out = torch::softmax(scores, -1).matmul(parts[2]).transpose(1, 2).reshape({B, N, C});
  return proj->forward(out);
}

// CLIP's residual block: pre-LN, full self-attention, QuickGELU MLP.
struct EncoderBlockImpl : nn::Module {
  nn::LayerNorm ln_1{nullptr}, ln_2{nullptr};
  nn::Linear qkv{nullptr}, proj{nullptr};
  Mlp mlp{nullptr};
  int64_t heads;
  EncoderBlockImpl(int64_t dim, int64_t heads_, double mlp_ratio) : heads(heads_) {
    ln_1 = register_module("ln_1", nn::LayerNorm(nn::LayerNormOptions({dim})));
    qkv = register_module("qkv", nn::Linear(dim, 3 * dim));
    proj = register_module("proj", nn::Linear(dim, dim));
    ln_2 = register_module("ln_2", nn::LayerNorm(nn::LayerNormOptions({dim})));
    mlp = register_module("mlp", Mlp(dim, static_cast<int64_t>(dim * mlp_ratio), true));
  }
  Tensor forward(Tensor x) {
    x = x + attention(qkv, proj, ln_1(x), heads, Tensor());
    return x + mlp(ln_2(x));
  }
};
TORCH_MODULE(EncoderBlock);

// Video frames [F, 3, H, W] -> ViT patch tokens [F, P, D]: CLIP-like patch embedding, class token,
// positional embedding, ln_pre, pre-LN encoder, ln_post, projection to the temporal width.
struct VideoAdapterImpl : nn::Module {
  nn::Conv2d conv1{nullptr};
  Tensor class_embedding, positional_embedding;
  nn::LayerNorm ln_pre{nullptr}, ln_post{nullptr};
  nn::ModuleList blocks;
  nn::Linear to_embed{nullptr};
  VideoAdapterImpl(const pc_model_config& c) {
    const int64_t D = c.encoder_dim, P = (c.image_size / c.patch_size) * (c.image_size / c.patch_size);
    conv1 = register_module("conv1", nn::Conv2d(nn::Conv2dOptions(3, D, c.patch_size).stride(c.patch_size).bias(false)));
    class_embedding = register_parameter("class_embedding", torch::randn({D}) * std::pow(D, -0.5));
    positional_embedding = register_parameter("positional_embedding", torch::randn({P + 1, D}) * 0.01);
    ln_pre = register_module("ln_pre", nn::LayerNorm(nn::LayerNormOptions({D})));
    blocks = register_module("blocks", nn::ModuleList());
    for (int i = 0; i < c.encoder_depth; ++i) blocks->push_back(EncoderBlock(D, c.encoder_heads, 4.0));
    ln_post = register_module("ln_post", nn::LayerNorm(nn::LayerNormOptions({D})));
    to_embed = register_module("to_embed", nn::Linear(D, c.embed_dim));
  }
  Tensor forward(Tensor frames) {
    auto x = conv1(frames).flatten(2).transpose(1, 2);  // [F, P, D]
    auto cls = class_embedding.view({1, 1, -1}).expand({x.size(0), 1, x.size(2)});
    x = torch::cat({cls, x}, 1) + positional_embedding;
    x = ln_pre(x);
    for (auto& block : *blocks) x = block->as<EncoderBlock>()->forward(x);
    x = ln_post(x.slice(1, 1));
    return to_embed(x);
  }
};
TORCH_MODULE(VideoAdapter);

// 2D keypoints [F, J, 2] -> one token per joint [F, J, D] through a per-joint linear embedding.
struct KeypointAdapterImpl : nn::Module {
  Tensor weight, bias;
  KeypointAdapterImpl(const pc_model_config& c) {
    weight = register_parameter("weight", torch::randn({c.joints, 2, c.embed_dim}) * std::sqrt(1.0 / 2.0));
    bias = register_parameter("bias", torch::randn({c.joints, c.embed_dim}) * 0.02);
  }
  Tensor forward(Tensor keypoints) { return torch::einsum("fjc,jcd->fjd", {keypoints, weight}) + bias; }
};
TORCH_MODULE(KeypointAdapter);

using Dims3 = std::array<int64_t, 3>;

Tensor window_partition(const Tensor& x, const Dims3& w) {
  const int64_t B = x.size(0), T = x.size(1), H = x.size(2), W = x.size(3), C = x.size(4);
  return x.view({B, T / w[0], w[0], H / w[1], w[1], W / w[2], w[2], C})
      .permute({0, 1, 3, 5, 2, 4, 6, 7})
      .reshape({-1, w[0] * w[1] * w[2], C});
}

Tensor window_reverse(const Tensor& windows, const Dims3& w, int64_t B, int64_t T, int64_t H, int64_t W) {
  const int64_t C = windows.size(-1);
  return windows.view({B, T / w[0], H / w[1], W / w[2], w[0], w[1], w[2], C})
      .permute({0, 1, 4, 2, 5, 3, 6, 7})
      .reshape({B, T, H, W, C});
}

// Swin block over the (frame, token-row, token-column) grid: windowed attention with the learned 3D
// relative position bias of Eq. 5, shifted windows (cyclic shift + mask) on odd blocks.
struct WindowBlockImpl : nn::Module {
  Dims3 window, shift;
  int64_t heads;
  nn::LayerNorm norm1{nullptr}, norm2{nullptr};
  nn::Linear qkv{nullptr}, proj{nullptr};
  Mlp mlp{nullptr};
  Tensor bias_table, relative_index;

  WindowBlockImpl(int64_t dim, int64_t heads_, Dims3 window_, Dims3 shift_, double mlp_ratio)
      : window(window_), shift(shift_), heads(heads_) {
    norm1 = register_module("norm1", nn::LayerNorm(nn::LayerNormOptions({dim})));
    qkv = register_module("qkv", nn::Linear(dim, 3 * dim));
    proj = register_module("proj", nn::Linear(dim, dim));
    norm2 = register_module("norm2", nn::LayerNorm(nn::LayerNormOptions({dim})));
    mlp = register_module("mlp", Mlp(dim, static_cast<int64_t>(dim * mlp_ratio), false));
    const int64_t st = 2 * window[0] - 1, sh = 2 * window[1] - 1, sw = 2 * window[2] - 1;
    bias_table = register_parameter("relative_position_bias_table", torch::randn({st * sh * sw, heads}) * 0.02);
    const int64_t N = window[0] * window[1] * window[2];
    auto index = torch::empty({N, N}, torch::kLong);
    auto ia = index.accessor<int64_t, 2>();
    auto coord = [&](int64_t n, int a) {
      return a == 0 ? n / (window[1] * window[2]) : a == 1 ? (n / window[2]) % window[1] : n % window[2];
    };
    for (int64_t i = 0; i < N; ++i)
      for (int64_t k = 0; k < N; ++k) {
        int64_t dt = coord(i, 0) - coord(k, 0) + window[0] - 1;
        int64_t dh = coord(i, 1) - coord(k, 1) + window[1] - 1;
        int64_t dw = coord(i, 2) - coord(k, 2) + window[2] - 1;
        ia[i][k] = (dt * sh + dh) * sw + dw;
      }
    relative_index = register_buffer("relative_position_index", index);
  }

  bool shifted() const { return shift[0] > 0 || shift[1] > 0 || shift[2] > 0; }

  // Tokens of different regions after the cyclic shift must not attend to each other.
  Tensor shift_mask(int64_t T, int64_t H, int64_t W, const torch::TensorOptions& options) {
    auto labels = torch::empty({1, T, H, W, 1});
    auto la = labels.accessor<float, 5>();
    Dims3 dims{T, H, W};
    auto region = [&](int64_t i, int a) -> int64_t {
      if (shift[a] == 0) return 0;
      return i < dims[a] - window[a] ? 0 : (i < dims[a] - shift[a] ? 1 : 2);
    };
    for (int64_t t = 0; t < T; ++t)
      for (int64_t h = 0; h < H; ++h)
        for (int64_t w = 0; w < W; ++w) la[0][t][h][w][0] = static_cast<float>((region(t, 0) * 3 + region(h, 1)) * 3 + region(w, 2));
    auto parts = window_partition(labels, window).squeeze(-1);  // [nW, N]
    auto differs = parts.unsqueeze(1) != parts.unsqueeze(2);
    return torch::zeros(differs.sizes()).masked_fill(differs, -100.0).to(options);
  }

  Tensor forward(Tensor x) {
    const int64_t B = x.size(0), T = x.size(1), H = x.size(2), W = x.size(3);
    auto shortcut = x;
    x = norm1(x);
    const int64_t pt = (window[0] - T % window[0]) % window[0], ph = (window[1] - H % window[1]) % window[1],
                  pw = (window[2] - W % window[2]) % window[2];
    if (pt || ph || pw) x = torch::constant_pad_nd(x, {0, 0, 0, pw, 0, ph, 0, pt});
    const int64_t Tp = T + pt, Hp = H + ph, Wp = W + pw;
    Tensor mask;
    if (shifted()) {
      x = torch::roll(x, {-shift[0], -shift[1], -shift[2]}, {1, 2, 3});
      mask = shift_mask(Tp, Hp, Wp, x.options());
    }
    auto windows = window_partition(x, window);  // [B*nW, N, C]
    const int64_t N = windows.size(1), nW = windows.size(0) / B;
    auto bias = bias_table.index_select(0, relative_index.view(-1)).view({N, N, heads}).permute({2, 0, 1});
    Tensor full_bias = bias.unsqueeze(0);  // [1, heads, N, N]
    if (mask.defined())
      full_bias = (bias.unsqueeze(0) + mask.unsqueeze(1)).unsqueeze(0).expand({B, nW, heads, N, N}).reshape({B * nW, heads, N, N});
    auto out = attention(qkv, proj, windows, heads, full_bias);
    x = window_reverse(out, window, B, Tp, Hp, Wp);
    if (shifted()) x = torch::roll(x, {shift[0], shift[1], shift[2]}, {1, 2, 3});
    if (pt || ph || pw) x = x.slice(1, 0, T).slice(2, 0, H).slice(3, 0, W);
    x = shortcut + x;
    return x + mlp(norm2(x));
  }
};
TORCH_MODULE(WindowBlock);

// HeatPose head: per-token projection, one frame's tokens flattened into a coarse G/4 volume, then the
// three 3x3x3 convolutions with trilinear x2 upsampling between them, the last to J volumes of G^3 logits.
// (Upsampling + convolution instead of transposed convolutions: libtorch's CPU ConvTranspose3d is
// several times slower.)
struct HeatHeadImpl : nn::Module {
  nn::LayerNorm norm{nullptr};
  nn::Linear token_proj{nullptr}, to_volume{nullptr};
  nn::Conv3d conv1{nullptr}, conv2{nullptr}, conv3{nullptr};
  int64_t c0, g0;
  HeatHeadImpl(const pc_model_config& c, int64_t tokens) : c0(c.head_channels), g0(c.grid / 4) {
    norm = register_module("norm", nn::LayerNorm(nn::LayerNormOptions({c.embed_dim})));
    token_proj = register_module("token_proj", nn::Linear(c.embed_dim, c.head_token_dim));
    to_volume = register_module("to_volume", nn::Linear(tokens * c.head_token_dim, c0 * g0 * g0 * g0));
    conv1 = register_module("conv1", nn::Conv3d(nn::Conv3dOptions(c0, c0 / 2, 3).padding(1)));
    conv2 = register_module("conv2", nn::Conv3d(nn::Conv3dOptions(c0 / 2, c0 / 4, 3).padding(1)));
    conv3 = register_module("conv3", nn::Conv3d(nn::Conv3dOptions(c0 / 4, c.joints, 3).padding(1)));
  }
  static Tensor upsample(const Tensor& x) {
    return torch::nn::functional::interpolate(
        x, torch::nn::functional::InterpolateFuncOptions()
               .size(std::vector<int64_t>{x.size(2) * 2, x.size(3) * 2, x.size(4) * 2})
               .mode(torch::kTrilinear)
               .align_corners(false));
  }
  Tensor forward(Tensor tokens) {  // [F, N, D] -> [F, J, G^3]
    auto x = token_proj(norm(tokens)).flatten(1);
    x = torch::gelu(to_volume(x)).view({-1, c0, g0, g0, g0});
    x = upsample(torch::gelu(conv1(x)));
    x = upsample(torch::gelu(conv2(x)));
    return conv3(x).flatten(2);
  }
};
TORCH_MODULE(HeatHead);

// The "w/o HeatPose" ablation: joints regressed directly, in units of half the cube's side.
struct RegressionHeadImpl : nn::Module {
  nn::LayerNorm norm{nullptr};
  nn::Linear token_proj{nullptr}, hidden{nullptr}, out{nullptr};
  int64_t joints;
  RegressionHeadImpl(const pc_model_config& c, int64_t tokens) : joints(c.joints) {
    norm = register_module("norm", nn::LayerNorm(nn::LayerNormOptions({c.embed_dim})));
    token_proj = register_module("token_proj", nn::Linear(c.embed_dim, c.head_token_dim));
    hidden = register_module("hidden", nn::Linear(tokens * c.head_token_dim, 4 * c.embed_dim));
    out = register_module("out", nn::Linear(4 * c.embed_dim, c.joints * 3));
  }
  Tensor forward(Tensor tokens) {
    auto x = token_proj(norm(tokens)).flatten(1);
    return out(torch::gelu(hidden(x))).view({-1, joints, 3});
  }
};
TORCH_MODULE(RegressionHead);

struct SoloPoseImpl : nn::Module {
  pc_model_config config;
  Dims3 grid;  // tokens per clip: frames x rows x columns
  KeypointAdapter keypoints{nullptr};
  VideoAdapter video{nullptr};
  nn::ModuleList blocks;
  HeatHead heat{nullptr};
  RegressionHead regression{nullptr};

  explicit SoloPoseImpl(const pc_model_config& c) : config(c) {
    if (c.input_kind == PC_INPUT_KEYPOINTS) {
      grid = {c.frames, 1, c.joints};
      keypoints = register_module("keypoint_adapter", KeypointAdapter(c));
    } else {
      int64_t side = c.image_size / c.patch_size;
      grid = {c.frames, side, side};
      video = register_module("video_adapter", VideoAdapter(c));
    }
    Dims3 window{std::min<int64_t>(c.window_t, grid[0]), std::min<int64_t>(c.window_h, grid[1]),
                 std::min<int64_t>(c.window_w, grid[2])};
    blocks = register_module("blocks", nn::ModuleList());
    for (int i = 0; i < c.depth; ++i) {
      Dims3 shift{0, 0, 0};
      // A window that covers its whole axis has nothing to shift along it.
      if (i % 2 == 1)
        for (int a = 0; a < 3; ++a) shift[a] = window[a] < grid[a] ? window[a] / 2 : 0;
      blocks->push_back(WindowBlock(c.embed_dim, c.heads, window, shift, c.mlp_ratio));
    }
    const int64_t tokens = grid[1] * grid[2];
    if (c.head_kind == PC_HEAD_HEATPOSE)
      heat = register_module("heat_head", HeatHead(c, tokens));
    else
      regression = register_module("regression_head", RegressionHead(c, tokens));
  }

  // Keypoints are centred on the root and scaled by the clip's RMS radius, so pixels or any unit work.
  Tensor adapt(const Tensor& input, int64_t batch) {
    const int64_t T = config.frames;
    if (config.input_kind == PC_INPUT_KEYPOINTS) {
      auto k = input.view({batch, T, config.joints, 2});
      k = k - k.select(2, config.root_joint).unsqueeze(2);
      auto scale = k.pow(2).sum(-1).mean({1, 2}, true).sqrt().unsqueeze(-1).clamp_min(1e-6);
      k = k / scale;
      return keypoints->forward(k.reshape({batch * T, config.joints, 2})).view({batch, T, 1, config.joints, -1});
    }
    auto frames = input.view({batch * T, 3, config.image_size, config.image_size});
    return video->forward(frames).view({batch, T, grid[1], grid[2], -1});
  }

  // [B*T, J, G^3] logits (HeatPose) or [B*T, J, 3] coordinates (regression).
  Tensor forward(const Tensor& input, int64_t batch) {
    auto x = adapt(input, batch);
    for (auto& block : *blocks) x = block->as<WindowBlock>()->forward(x);
    auto frames = x.reshape({batch * config.frames, grid[1] * grid[2], config.embed_dim});
    return config.head_kind == PC_HEAD_HEATPOSE ? heat->forward(frames) : regression->forward(frames);
  }
};
TORCH_MODULE(SoloPose);

}  // namespace pc

struct pc_model {
  pc_model_config config;
  torch::Device device;
  pc::SoloPose net{nullptr};
  std::unique_ptr<torch::optim::AdamW> optimizer;
  std::vector<torch::Tensor> parameters;
  int64_t parameter_count = 0;
  int64_t step = 0;

  pc_model(const pc_model_config& c, torch::Device d) : config(c), device(d) {}

  int64_t input_length(int64_t batch) const {
    int64_t per_frame = config.input_kind == PC_INPUT_KEYPOINTS
                            ? static_cast<int64_t>(config.joints) * 2
                            : 3LL * config.image_size * config.image_size;
    return batch * config.frames * per_frame;
  }
  int64_t pose_length(int64_t batch) const { return batch * config.frames * config.joints * 3LL; }

  torch::Tensor upload(const float* data, int64_t length) const {
    return torch::from_blob(const_cast<float*>(data), {length}, torch::kFloat).to(device, false, true);
  }

  void check_batch(const float* input, int64_t input_len, int32_t batch) const {
    pc::require(batch >= 1, "batch must be positive");
    pc::require(input != nullptr, "input must not be null");
    pc::require_length("input", input_len, input_length(batch));
  }

  torch::Tensor root_relative(const float* pose3d, int64_t batch) const {
    auto pose = upload(pose3d, pose_length(batch)).view({batch * config.frames, config.joints, 3});
    return pose - pose.select(1, config.root_joint).unsqueeze(1);
  }

  torch::Tensor loss(const float* input, int64_t input_len, const float* pose3d, int64_t pose_len, int32_t batch) {
    check_batch(input, input_len, batch);
    pc::require(pose3d != nullptr, "pose3d must not be null");
    pc::require_length("pose3d", pose_len, pose_length(batch));
    auto rel = root_relative(pose3d, batch);
    auto out = net->forward(upload(input, input_len), batch);
    if (config.head_kind == PC_HEAD_HEATPOSE)
      return pc::heatpose_cross_entropy(out, pc::heatpose_targets(config, rel).to(device));
    return torch::mse_loss(out, rel / (0.5 * config.extent_mm));
  }

  double scheduled_lr() const {
    if (step < config.warmup_steps) return config.lr * static_cast<double>(step + 1) / config.warmup_steps;
    double span = std::max(1, config.total_steps - config.warmup_steps);
    double progress = std::min(1.0, static_cast<double>(step - config.warmup_steps) / span);
    double floor = config.lr * config.min_lr_ratio;
    return floor + (config.lr - floor) * 0.5 * (1.0 + std::cos(pc::kPi * progress));
  }

  // Calls f(tensor slice as CPU float pointer, first flat index, count) for every parameter overlapping
  // [offset, offset + count); gradients when grads is set.
  template <typename F>
  void for_each_slice(int64_t offset, int64_t count, F&& f) {
    pc::require(offset >= 0 && count >= 0 && offset + count <= parameter_count,
                "range [" + std::to_string(offset) + ", " + std::to_string(offset + count) + ") is outside the " +
                    std::to_string(parameter_count) + " parameters");
    int64_t start = 0;
    for (auto& p : parameters) {
      int64_t n = p.numel();
      int64_t lo = std::max(start, offset), hi = std::min(start + n, offset + count);
      if (lo < hi) f(p, lo - start, lo - offset, hi - lo);
      start += n;
    }
  }
};

namespace {

pc_model* checked(pc_model* model) {
  pc::require(model != nullptr, "model must not be null");
  return model;
}

void copy_out(const torch::Tensor& source, int64_t at, float* dst, int64_t count) {
  auto flat = source.detach().reshape({-1}).slice(0, at, at + count).to(torch::kCPU).contiguous();
  std::memcpy(dst, flat.data_ptr<float>(), sizeof(float) * count);
}

void copy_in(torch::Tensor target, int64_t at, const float* src, int64_t count) {
  torch::NoGradGuard no_grad;
  auto source = torch::from_blob(const_cast<float*>(src), {count}, torch::kFloat).to(target.device());
  target.view({-1}).slice(0, at, at + count).copy_(source);
}

}  // namespace

extern "C" {

int32_t pc_abi_version(void) { return PC_ABI_VERSION; }
int32_t pc_config_size(void) { return static_cast<int32_t>(sizeof(pc_model_config)); }
const char* pc_last_error(void) { return pc::last_error.c_str(); }

pc_status pc_set_num_threads(int32_t threads) {
  return pc::guarded("pc_set_num_threads", [&] {
    pc::require(threads >= 1, "threads must be positive");
    at::set_num_threads(threads);
  });
}

pc_status pc_model_create(const pc_model_config* config, const char* device, pc_model** out) {
  return pc::guarded("pc_model_create", [&] {
    pc::require(out != nullptr, "out must not be null");
    *out = nullptr;
    pc::validate(config);
    torch::Device dev(device == nullptr || *device == 0 ? std::string("cpu") : std::string(device));
    auto model = std::make_unique<pc_model>(*config, dev);
    torch::manual_seed(static_cast<uint64_t>(config->seed));
    model->net = pc::SoloPose(*config);
    model->net->to(dev);
    model->parameters = model->net->parameters();
    for (auto& p : model->parameters) model->parameter_count += p.numel();
    model->optimizer = std::make_unique<torch::optim::AdamW>(
        model->parameters, torch::optim::AdamWOptions(config->lr).weight_decay(config->weight_decay));
    *out = model.release();
  });
}

void pc_model_destroy(pc_model* model) {
  pc::guarded("pc_model_destroy", [&] { delete model; });
}

pc_status pc_model_parameter_count(pc_model* model, int64_t* count) {
  return pc::guarded("pc_model_parameter_count", [&] {
    pc::require(count != nullptr, "count must not be null");
    *count = checked(model)->parameter_count;
  });
}

pc_status pc_model_input_length(pc_model* model, int32_t batch, int64_t* length) {
  return pc::guarded("pc_model_input_length", [&] {
    pc::require(length != nullptr && batch >= 1, "length must not be null, batch positive");
    *length = checked(model)->input_length(batch);
  });
}

pc_status pc_model_adapter_shape(pc_model* model, const float* input, int64_t input_length, int32_t batch,
                                 int64_t* shape) {
  return pc::guarded("pc_model_adapter_shape", [&] {
    auto* m = checked(model);
    m->check_batch(input, input_length, batch);
    pc::require(shape != nullptr, "shape must not be null");
    torch::NoGradGuard no_grad;
    auto tokens = m->net->adapt(m->upload(input, input_length), batch);
    for (int i = 0; i < 5; ++i) shape[i] = tokens.size(i);
  });
}

pc_status pc_model_forward_backward(pc_model* model, const float* input, int64_t input_length, const float* pose3d,
                                    int64_t pose_length, int32_t batch, float* loss) {
  return pc::guarded("pc_model_forward_backward", [&] {
    auto* m = checked(model);
    pc::require(loss != nullptr, "loss must not be null");
    m->net->train();
    m->optimizer->zero_grad();
    auto value = m->loss(input, input_length, pose3d, pose_length, batch);
    value.backward();
    *loss = value.item<float>();
  });
}

pc_status pc_model_evaluate_loss(pc_model* model, const float* input, int64_t input_length, const float* pose3d,
                                 int64_t pose_length, int32_t batch, float* loss) {
  return pc::guarded("pc_model_evaluate_loss", [&] {
    auto* m = checked(model);
    pc::require(loss != nullptr, "loss must not be null");
    torch::NoGradGuard no_grad;
    m->net->eval();
    *loss = m->loss(input, input_length, pose3d, pose_length, batch).item<float>();
  });
}

pc_status pc_model_optimizer_step(pc_model* model, float* grad_norm, float* lr) {
  return pc::guarded("pc_model_optimizer_step", [&] {
    auto* m = checked(model);
    double norm = 0;
    if (m->config.clip_norm > 0)
      norm = torch::nn::utils::clip_grad_norm_(m->parameters, m->config.clip_norm);
    double rate = m->scheduled_lr();
    for (auto& group : m->optimizer->param_groups())
      static_cast<torch::optim::AdamWOptions&>(group.options()).lr(rate);
    m->optimizer->step();
    m->step += 1;
    if (grad_norm != nullptr) *grad_norm = static_cast<float>(norm);
    if (lr != nullptr) *lr = static_cast<float>(rate);
  });
}

pc_status pc_model_step(pc_model* model, int64_t* step) {
  return pc::guarded("pc_model_step", [&] {
    pc::require(step != nullptr, "step must not be null");
    *step = checked(model)->step;
  });
}

pc_status pc_model_get_gradients(pc_model* model, int64_t offset, float* dst, int64_t count) {
  return pc::guarded("pc_model_get_gradients", [&] {
    pc::require(dst != nullptr || count == 0, "dst must not be null");
    checked(model)->for_each_slice(offset, count, [&](torch::Tensor& p, int64_t at, int64_t out_at, int64_t n) {
      if (p.grad().defined())
        copy_out(p.grad(), at, dst + out_at, n);
      else
        std::memset(dst + out_at, 0, sizeof(float) * n);
    });
  });
}

pc_status pc_model_set_gradients(pc_model* model, int64_t offset, const float* src, int64_t count) {
  return pc::guarded("pc_model_set_gradients", [&] {
    pc::require(src != nullptr || count == 0, "src must not be null");
    checked(model)->for_each_slice(offset, count, [&](torch::Tensor& p, int64_t at, int64_t in_at, int64_t n) {
      if (!p.grad().defined()) p.mutable_grad() = torch::zeros_like(p);
      copy_in(p.mutable_grad(), at, src + in_at, n);
    });
  });
}

pc_status pc_model_get_parameters(pc_model* model, int64_t offset, float* dst, int64_t count) {
  return pc::guarded("pc_model_get_parameters", [&] {
    pc::require(dst != nullptr || count == 0, "dst must not be null");
    checked(model)->for_each_slice(offset, count, [&](torch::Tensor& p, int64_t at, int64_t out_at, int64_t n) {
      copy_out(p, at, dst + out_at, n);
    });
  });
}

pc_status pc_model_set_parameters(pc_model* model, int64_t offset, const float* src, int64_t count) {
  return pc::guarded("pc_model_set_parameters", [&] {
    pc::require(src != nullptr || count == 0, "src must not be null");
    checked(model)->for_each_slice(offset, count, [&](torch::Tensor& p, int64_t at, int64_t in_at, int64_t n) {
      copy_in(p, at, src + in_at, n);
    });
  });
}

pc_status pc_model_predict(pc_model* model, const float* input, int64_t input_length, int32_t batch, float* joints,
                           int64_t joints_length) {
  return pc::guarded("pc_model_predict", [&] {
    auto* m = checked(model);
    m->check_batch(input, input_length, batch);
    pc::require(joints != nullptr, "joints must not be null");
    pc::require_length("joints", joints_length, m->pose_length(batch));
    torch::NoGradGuard no_grad;
    m->net->eval();
    auto out = m->net->forward(m->upload(input, input_length), batch);
    if (m->config.head_kind == PC_HEAD_HEATPOSE) {
      auto probabilities = torch::softmax(out, -1).to(torch::kCPU).contiguous();
      pc::heatpose_decode(m->config, probabilities.data_ptr<float>(), batch * m->config.frames, joints);
    } else {
      auto mm = (out * (0.5 * m->config.extent_mm)).to(torch::kCPU).contiguous();
      std::memcpy(joints, mm.data_ptr<float>(), sizeof(float) * joints_length);
    }
  });
}

pc_status pc_model_save(pc_model* model, const char* path) {
  return pc::guarded("pc_model_save", [&] {
    auto* m = checked(model);
    pc::require(path != nullptr && *path != 0, "path must not be empty");
    torch::serialize::OutputArchive archive;
    m->net->save(archive);
    torch::serialize::OutputArchive optimizer;
    m->optimizer->save(optimizer);
    archive.write("optimizer", optimizer);
    archive.write("step", torch::tensor({m->step}, torch::kLong));
    archive.write("config", torch::from_blob(&m->config, {static_cast<int64_t>(sizeof(pc_model_config))}, torch::kUInt8).clone());
    archive.write("rng", at::detail::getDefaultCPUGenerator().get_state());
    try {
      archive.save_to(path);
    } catch (const c10::Error& e) {
      throw pc::IoError(std::string("cannot write ") + path + ": " + e.what_without_backtrace());
    }
  });
}

pc_status pc_model_load(pc_model* model, const char* path) {
  return pc::guarded("pc_model_load", [&] {
    auto* m = checked(model);
    pc::require(path != nullptr && *path != 0, "path must not be empty");
    if (!std::ifstream(path).good()) throw pc::IoError(std::string("cannot read ") + path);
    torch::serialize::InputArchive archive;
    archive.load_from(path, m->device);
    torch::Tensor config, step, rng;
    archive.read("config", config);
    pc::require(config.numel() == static_cast<int64_t>(sizeof(pc_model_config)) &&
                    std::memcmp(config.to(torch::kCPU).data_ptr<uint8_t>(), &m->config, offsetof(pc_model_config, lr)) == 0,
                "checkpoint was written by a model of different sizes");
    m->net->load(archive);
    torch::serialize::InputArchive optimizer;
    archive.read("optimizer", optimizer);
    m->optimizer->load(optimizer);
    archive.read("step", step);
    m->step = step.to(torch::kCPU).item<int64_t>();
    archive.read("rng", rng);
    auto generator = at::detail::getDefaultCPUGenerator();
    generator.set_state(rng.to(torch::kCPU));
  });
}

pc_status pc_model_load_encoder(pc_model* model, const char* path) {
  return pc::guarded("pc_model_load_encoder", [&] {
    auto* m = checked(model);
    pc::require(m->config.input_kind == PC_INPUT_VIDEO, "the model has no video adapter");
    pc::require(path != nullptr && *path != 0, "path must not be empty");
    std::ifstream file(path, std::ios::binary);
    if (!file.good()) throw pc::IoError(std::string("cannot read ") + path);
    std::vector<char> bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    auto dict = torch::pickle_load(bytes).toGenericDict();
    torch::NoGradGuard no_grad;
    auto named = m->net->video->named_parameters();
    for (const auto& entry : dict) {
      auto name = entry.key().toStringRef();
      auto* target = named.find(name);
      pc::require(target != nullptr, "encoder weights name '" + name + "' is not a parameter of the video adapter");
      auto value = entry.value().toTensor();
      pc::require(value.sizes() == target->sizes(), "encoder weights '" + name + "' have the wrong shape");
      target->copy_(value.to(torch::kFloat));
    }
  });
}

pc_status pc_heatpose_targets(const pc_model_config* config, const float* pose3d, int64_t pose_length, int32_t frames,
                              float* volumes, int64_t volumes_length) {
  return pc::guarded("pc_heatpose_targets", [&] {
    pc::validate(config);
    pc::require(pose3d != nullptr && volumes != nullptr && frames >= 1, "pose3d and volumes must be set, frames positive");
    const int64_t G = config->grid;
    pc::require_length("pose3d", pose_length, static_cast<int64_t>(frames) * config->joints * 3);
    pc::require_length("volumes", volumes_length, static_cast<int64_t>(frames) * config->joints * G * G * G);
    auto pose = torch::from_blob(const_cast<float*>(pose3d), {frames, config->joints, 3}, torch::kFloat);
    auto targets = pc::heatpose_targets(*config, pose).contiguous();
    std::memcpy(volumes, targets.data_ptr<float>(), sizeof(float) * volumes_length);
  });
}

pc_status pc_heatpose_decode(const pc_model_config* config, const float* probabilities, int64_t volumes_length,
                             int32_t frames, float* joints, int64_t joints_length) {
  return pc::guarded("pc_heatpose_decode", [&] {
    pc::validate(config);
    pc::require(probabilities != nullptr && joints != nullptr && frames >= 1, "arrays must be set, frames positive");
    const int64_t G = config->grid;
    pc::require_length("volumes", volumes_length, static_cast<int64_t>(frames) * config->joints * G * G * G);
    pc::require_length("joints", joints_length, static_cast<int64_t>(frames) * config->joints * 3);
    pc::heatpose_decode(*config, probabilities, frames, joints);
  });
}

pc_status pc_heatpose_loss(const pc_model_config* config, const float* logits, int64_t volumes_length,
                           const float* pose3d, int64_t pose_length, int32_t frames, float* loss) {
  return pc::guarded("pc_heatpose_loss", [&] {
    pc::validate(config);
    pc::require(logits != nullptr && pose3d != nullptr && loss != nullptr && frames >= 1, "arrays must be set");
    const int64_t G = config->grid, J = config->joints;
    pc::require_length("logits", volumes_length, frames * J * G * G * G);
    pc::require_length("pose3d", pose_length, frames * J * 3);
    auto pose = torch::from_blob(const_cast<float*>(pose3d), {frames, J, 3}, torch::kFloat);
    auto l = torch::from_blob(const_cast<float*>(logits), {frames, J, G * G * G}, torch::kFloat);
    *loss = pc::heatpose_cross_entropy(l, pc::heatpose_targets(*config, pose)).item<float>();
  });
}

}  // extern "C"
