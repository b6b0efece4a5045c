using PoseCluster.Datasets.Pipeline;

namespace PoseCluster.Storage.Pipeline;

/// <summary>Where shard writers get stage-1 frames from: the cache in object storage, or frames this process still holds.</summary>
public interface IStage1Frames
{
    /// <summary>The frames of accepted sequences of one unit, keyed by their index in the unit.</summary>
    Task<IReadOnlyDictionary<int, Stage1Payload>> ReadAsync(Stage1Location location, IEnumerable<Stage1Sequence> sequences, CancellationToken cancellationToken);
}
