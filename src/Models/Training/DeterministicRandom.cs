namespace PoseCluster.Models.Training;

/// <summary>
/// SplitMix64 (Steele, Lea, Flood 2014): a tiny generator whose stream depends only on its seed, so shuffles
/// and augmentations are the same on every rank, machine and .NET version, and a resumed run can recompute
/// them from (seed, epoch, draw) instead of storing generator state.
/// </summary>
internal struct DeterministicRandom
{
    private ulong state;

    public DeterministicRandom(params ReadOnlySpan<long> seeds)
    {
        state = 0x9E3779B97F4A7C15;
        foreach (var s in seeds)
        {
            state = Mix(state ^ unchecked((ulong)s));
        }
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextBits()
    {
        state = unchecked(state + 0x9E3779B97F4A7C15);
        return Mix(state);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextBits() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, bound) (bound ≤ 2^31; the modulo bias is below 2^-32).</summary>
    public int NextInt(int bound) => (int)(NextBits() % (ulong)bound);

    /// <summary>Fisher-Yates shuffle in place.</summary>
    public void Shuffle(Span<int> values)
    {
        for (var i = values.Length - 1; i > 0; i--)
        {
            var k = NextInt(i + 1);
            (values[i], values[k]) = (values[k], values[i]);
        }
    }

    private static ulong Mix(ulong z)
    {
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EB);
        return z ^ (z >> 31);
    }
}
