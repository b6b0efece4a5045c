namespace PoseCluster.Datasets.AugMotion;

/// <summary>
/// Where harmonized sequences go: one npy file per sequence or, later, clip shards.
/// Called concurrently from several workers.
/// </summary>
public interface IHarmonizedSequenceSink
{
    /// <summary>Stores one sequence; returns its location as the manifest's <c>file</c> names it.</summary>
    ValueTask<string> WriteAsync(HarmonizedSequence sequence, CancellationToken cancellationToken);
}
