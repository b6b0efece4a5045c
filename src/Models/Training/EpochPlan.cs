namespace PoseCluster.Models.Training;

/// <summary>
/// Deterministic data-parallel sharding of a corpus's train clips (ARCHITECTURE §7). Every epoch the shards
/// are shuffled with (seed, epoch), the rows of each shard with (seed, epoch, shard), and the resulting
/// sequence is cut into one contiguous block per rank, each of <see cref="BatchesPerEpoch"/> full batches:
/// every rank takes the same number of steps and the remainder is dropped. Contiguous blocks keep each
/// rank on few shards (each is read once per epoch); the plan is a pure function of its inputs, so a
/// resumed run (any rank) recomputes the exact batches from a <see cref="SamplerPosition"/>.
/// </summary>
public sealed class EpochPlan
{
    private readonly int[] clipsPerShard;
    private readonly long seed;
    private int cachedEpoch = -1;
    private ClipReference[] cachedBlock = [];

    /// <summary>Plans epochs over shards holding <paramref name="clipsPerShard"/> clips each, for one rank of a world.</summary>
    public EpochPlan(IReadOnlyList<int> clipsPerShard, int rank, int worldSize, int batchSize, long seed)
    {
        ArgumentNullException.ThrowIfNull(clipsPerShard);
        ArgumentOutOfRangeException.ThrowIfLessThan(worldSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (rank < 0 || rank >= worldSize)
        {
            throw new ArgumentOutOfRangeException(nameof(rank), $"rank {rank} is not in 0..{worldSize - 1}");
        }

        this.clipsPerShard = [.. clipsPerShard];
        if (this.clipsPerShard.Any(c => c < 0))
        {
            throw new ArgumentException("a shard cannot hold a negative number of clips", nameof(clipsPerShard));
        }

        (Rank, WorldSize, BatchSize, this.seed) = (rank, worldSize, batchSize, seed);
        TotalClips = this.clipsPerShard.Sum(c => (long)c);
        BatchesPerEpoch = (int)Math.Min(int.MaxValue, TotalClips / worldSize / batchSize);
        if (BatchesPerEpoch == 0)
        {
            throw new ArgumentException($"{TotalClips} train clips are fewer than one batch of {batchSize} for each of {worldSize} ranks");
        }
    }

    /// <summary>This rank.</summary>
    public int Rank { get; }

    /// <summary>Ranks sharing the epoch.</summary>
    public int WorldSize { get; }

    /// <summary>Clips per batch on each rank.</summary>
    public int BatchSize { get; }

    /// <summary>Clips over all shards.</summary>
    public long TotalClips { get; }

    /// <summary>Full batches every rank takes per epoch.</summary>
    public int BatchesPerEpoch { get; }

    /// <summary>The position after <paramref name="steps"/> steps from the start.</summary>
    public SamplerPosition PositionAfter(long steps) => new((int)(steps / BatchesPerEpoch), (int)(steps % BatchesPerEpoch));

    /// <summary>The position after <paramref name="position"/>'s batch.</summary>
    public SamplerPosition Next(SamplerPosition position) =>
        position.Batch + 1 < BatchesPerEpoch ? position with { Batch = position.Batch + 1 } : new SamplerPosition(position.Epoch + 1, 0);

    /// <summary>The clips of this rank's batch at <paramref name="position"/>, in order.</summary>
    public ReadOnlySpan<ClipReference> Batch(SamplerPosition position)
    {
        if (position.Epoch < 0 || position.Batch < 0 || position.Batch >= BatchesPerEpoch)
        {
            throw new ArgumentOutOfRangeException(nameof(position), $"{position} is outside the plan ({BatchesPerEpoch} batches per epoch)");
        }

        return Block(position.Epoch).AsSpan(position.Batch * BatchSize, BatchSize);
    }

    /// <summary>This rank's clips of one epoch.</summary>
    private ClipReference[] Block(int epoch)
    {
        if (epoch == cachedEpoch)
        {
            return cachedBlock;
        }

        var shards = Enumerable.Range(0, clipsPerShard.Length).ToArray();
        new DeterministicRandom(seed, epoch).Shuffle(shards);
        var perRank = (long)BatchesPerEpoch * BatchSize;
        long start = Rank * perRank, end = start + perRank, position = 0;
        var block = new ClipReference[perRank];
        foreach (var shard in shards)
        {
            var count = clipsPerShard[shard];
            if (position + count > start && position < end)
            {
                var rows = Enumerable.Range(0, count).ToArray();
                new DeterministicRandom(seed, epoch, shard).Shuffle(rows);
                for (var r = 0; r < count; r++)
                {
                    var at = position + r;
                    if (at >= start && at < end)
                    {
                        block[at - start] = new ClipReference(shard, rows[r], (epoch * TotalClips) + at);
                    }
                }
            }

            position += count;
        }

        (cachedEpoch, cachedBlock) = (epoch, block);
        return block;
    }
}
