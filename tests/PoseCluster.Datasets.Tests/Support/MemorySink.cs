using System.Collections.Concurrent;
using PoseCluster.Datasets.AugMotion;

namespace PoseCluster.Datasets.Tests.Support;

/// <summary>Keeps harmonized sequences in memory, by key.</summary>
internal sealed class MemorySink : IHarmonizedSequenceSink
{
    public ConcurrentDictionary<SequenceKey, HarmonizedSequence> Sequences { get; } = new();

    public ValueTask<string> WriteAsync(HarmonizedSequence sequence, CancellationToken cancellationToken)
    {
        Assert.True(Sequences.TryAdd(sequence.Key, sequence), $"{sequence.Key} written twice");
        return ValueTask.FromResult($"memory:{sequence.Key}");
    }
}
