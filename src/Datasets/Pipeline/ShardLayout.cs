namespace PoseCluster.Datasets.Pipeline;

/// <summary>
/// The deterministic shard layout of a corpus version (docs/AUGMOTION.md, "Shard layout"), planned from
/// stage-1 metadata alone (window counts are known from the valid runs before anything is projected):
/// splits in ordinal order; within a split, datasets in ordinal order, each filling its own shards (a
/// shard never mixes datasets, so a later version can keep an unchanged dataset's shards); within a
/// dataset, sequences in (subject, action, camera) order and their windows in frame order; a shard takes
/// up to <see cref="Stage2Options.ClipsPerShard"/> clips. Shards are numbered 0, 1, … per split in that
/// order. The same inputs in any order give the same layout.
/// </summary>
public static class ShardLayout
{
    /// <summary>
    /// The shards of <paramref name="version"/> holding the windows of <paramref name="sequences"/> (accepted,
    /// with their projections) of every dataset except <paramref name="reusedDatasets"/>, whose shards the
    /// version keeps from its parent.
    /// </summary>
    public static IReadOnlyList<ShardAssignment> Plan(
        string version,
        IEnumerable<(CorpusSequence Sequence, SequenceProjection Projection)> sequences,
        Stage2Options options,
        IReadOnlySet<string>? reusedDatasets = null)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentNullException.ThrowIfNull(options);
        var perShard = options.ClipsPerShard;
        var shards = new List<ShardAssignment>();
        var usable = sequences
            .Where(s => s.Projection.RejectReason is null && s.Projection.Windows > 0 && reusedDatasets?.Contains(s.Sequence.Dataset) != true)
            .ToList();
        foreach (var split in usable.GroupBy(s => s.Projection.Split, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var number = 0;
            foreach (var dataset in split.GroupBy(s => s.Sequence.Dataset, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var items = new List<ShardItem>();
                long clips = 0;
                foreach (var (sequence, projection) in dataset.OrderBy(s => s.Sequence.Key))
                {
                    var first = 0;
                    while (first < projection.Windows)
                    {
                        var take = (int)Math.Min(projection.Windows - first, perShard - clips);
                        items.Add(new ShardItem(sequence, projection, first, take));
                        clips += take;
                        first += take;
                        if (clips == perShard)
                        {
                            shards.Add(new ShardAssignment(version, split.Key, number++, dataset.Key, clips, items));
                            (items, clips) = ([], 0);
                        }
                    }
                }

                if (clips > 0)
                {
                    shards.Add(new ShardAssignment(version, split.Key, number++, dataset.Key, clips, items));
                }
            }
        }

        return shards;
    }
}
