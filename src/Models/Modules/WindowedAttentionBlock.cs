using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PoseCluster.Models.Modules;

/// <summary>
/// One Swin-style block of the temporal transformer over the (frame, token row, token column) grid,
/// [B, T, H, W, C] → [B, T, H, W, C]: pre-LN self-attention inside non-overlapping 3D windows with the
/// learned 3D relative position bias of paper Eq. 5 (one bias per head for every relative offset
/// (Δt, Δh, Δw) inside a window), optionally on windows shifted by half a window (cyclic shift plus a
/// mask so tokens from different regions do not attend to each other), then a pre-LN MLP.
/// </summary>
internal sealed class WindowedAttentionBlock : nn.Module<Tensor, Tensor>
{
    /// <summary>Score added between tokens that the shift brought together from different regions.</summary>
    private const float MaskedScore = -100f;

    private readonly LayerNorm norm1;
    private readonly MultiHeadSelfAttention attn;
    private readonly LayerNorm norm2;
    private readonly FeedForward mlp;
    private readonly Parameter relative_position_bias_table;
    private readonly Tensor relative_position_index;
    private readonly Tensor? shift_mask;
    private readonly long[] window;
    private readonly long[] shift;
    private readonly long[] padded;
    private readonly long heads;

    /// <param name="dim">Token width C.</param>
    /// <param name="heads">Attention heads.</param>
    /// <param name="grid">Tokens per clip along (T, H, W).</param>
    /// <param name="window">Window size along (T, H, W), each at most the grid's.</param>
    /// <param name="shifted">Whether this block shifts its windows by half a window (where a window does not cover its axis).</param>
    /// <param name="mlpRatio">MLP hidden width over <paramref name="dim"/>.</param>
    public WindowedAttentionBlock(long dim, long heads, long[] grid, long[] window, bool shifted, double mlpRatio)
        : base(nameof(WindowedAttentionBlock))
    {
        this.window = window;
        this.heads = heads;
        shift = [.. Enumerable.Range(0, 3).Select(a => shifted && window[a] < grid[a] ? window[a] / 2 : 0)];
        padded = [.. Enumerable.Range(0, 3).Select(a => (grid[a] + window[a] - 1) / window[a] * window[a])];
        norm1 = nn.LayerNorm(dim);
        attn = new MultiHeadSelfAttention(dim, heads);
        norm2 = nn.LayerNorm(dim);
        mlp = new FeedForward(dim, (long)(dim * mlpRatio), quickGelu: false);
        var offsets = ((2 * window[0]) - 1) * ((2 * window[1]) - 1) * ((2 * window[2]) - 1);
        relative_position_bias_table = nn.Parameter(torch.randn(offsets, heads) * 0.02);
        relative_position_index = RelativeIndex(window);
        shift_mask = shift.Any(s => s > 0) ? ShiftMask(padded, window, shift) : null;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        long b = input.shape[0], t = input.shape[1], h = input.shape[2], w = input.shape[3], c = input.shape[4];
        var x = norm1.forward(input);
        if (padded[0] != t || padded[1] != h || padded[2] != w)
        {
            x = nn.functional.pad(x, [0, 0, 0, padded[2] - w, 0, padded[1] - h, 0, padded[0] - t]);
        }

        if (shift_mask is not null)
        {
            x = x.roll(new long[] { -shift[0], -shift[1], -shift[2] }, new long[] { 1, 2, 3 });
        }

        var windows = Partition(x, window);
        long n = windows.shape[1], perClip = windows.shape[0] / b;

        // Eq. 5's B: the bias of each pair's relative offset, per head: [heads, N, N].
        var bias = relative_position_bias_table.index_select(0, relative_position_index.view(-1)).view(n, n, heads).permute(2, 0, 1);
        Tensor attended;
        if (shift_mask is null)
        {
            attended = attn.forward(windows, bias.unsqueeze(0));
        }
        else
        {
            // [B, windows, heads, N, N]: every window its own mask; folded back to [B * windows, heads, N, N].
            var full = (bias.unsqueeze(0) + shift_mask.unsqueeze(1)).unsqueeze(0).expand(b, perClip, heads, n, n).reshape(b * perClip, heads, n, n);
            attended = attn.forward(windows, full);
        }

        x = Reverse(attended, window, b, padded);
        if (shift_mask is not null)
        {
            x = x.roll(shift, new long[] { 1, 2, 3 });
        }

        if (padded[0] != t || padded[1] != h || padded[2] != w)
        {
            x = x[.., ..(int)t, ..(int)h, ..(int)w];
        }

        x = input + x;
        return (x + mlp.forward(norm2.forward(x))).MoveToOuterDisposeScope();
    }

    /// <summary>[B, T, H, W, C] → [B * windows, wt * wh * ww, C], windows in (t, h, w) order.</summary>
    internal static Tensor Partition(Tensor x, long[] w)
    {
        long b = x.shape[0], t = x.shape[1], h = x.shape[2], wd = x.shape[3], c = x.shape[4];
        return x.view(b, t / w[0], w[0], h / w[1], w[1], wd / w[2], w[2], c)
            .permute(0, 1, 3, 5, 2, 4, 6, 7)
            .reshape(-1, w[0] * w[1] * w[2], c);
    }

    /// <summary>The inverse of <see cref="Partition"/> for clips of <paramref name="dims"/> = (T, H, W).</summary>
    internal static Tensor Reverse(Tensor windows, long[] w, long b, long[] dims)
    {
        var c = windows.shape[^1];
        return windows.view(b, dims[0] / w[0], dims[1] / w[1], dims[2] / w[2], w[0], w[1], w[2], c)
            .permute(0, 1, 4, 2, 5, 3, 6, 7)
            .reshape(b, dims[0], dims[1], dims[2], c);
    }

    /// <summary>[N, N] indices into the bias table: the relative offset of token k seen from token i, flattened.</summary>
    private static Tensor RelativeIndex(long[] w)
    {
        var n = w[0] * w[1] * w[2];
        long sh = (2 * w[1]) - 1, sw = (2 * w[2]) - 1;
        var index = new long[n * n];
        for (long i = 0; i < n; i++)
        {
            for (long k = 0; k < n; k++)
            {
                var dt = (i / (w[1] * w[2])) - (k / (w[1] * w[2])) + w[0] - 1;
                var dh = (i / w[2] % w[1]) - (k / w[2] % w[1]) + w[1] - 1;
                var dw = (i % w[2]) - (k % w[2]) + w[2] - 1;
                index[(i * n) + k] = (((dt * sh) + dh) * sw) + dw;
            }
        }

        return torch.tensor(index, [n, n]);
    }

    /// <summary>[windows, N, N]: 0 between tokens of the same region after the cyclic shift, <see cref="MaskedScore"/> otherwise.</summary>
    private static Tensor ShiftMask(long[] dims, long[] w, long[] s)
    {
        var labels = new float[dims[0] * dims[1] * dims[2]];
        long Region(long i, int axis) => s[axis] == 0 ? 0 : i < dims[axis] - w[axis] ? 0 : i < dims[axis] - s[axis] ? 1 : 2;
        for (long t = 0; t < dims[0]; t++)
        {
            for (long h = 0; h < dims[1]; h++)
            {
                for (long x = 0; x < dims[2]; x++)
                {
                    labels[(((t * dims[1]) + h) * dims[2]) + x] = (((Region(t, 0) * 3) + Region(h, 1)) * 3) + Region(x, 2);
                }
            }
        }

        using var scope = NewDisposeScope();
        var parts = Partition(torch.tensor(labels, [1, dims[0], dims[1], dims[2], 1]), w).squeeze(-1);
        var differs = parts.unsqueeze(1).ne(parts.unsqueeze(2));
        return torch.zeros(differs.shape).masked_fill(differs, MaskedScore).MoveToOuterDisposeScope();
    }
}
