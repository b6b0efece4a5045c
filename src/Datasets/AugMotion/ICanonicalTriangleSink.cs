namespace PoseCluster.Datasets.AugMotion;

/// <summary>
/// A sink that must know the corpus's canonical triangle (Ms, Msp) before the first sequence
/// arrives, e.g. to stamp it into the schema metadata of clip shards. The harmonizer calls
/// <see cref="BeginAsync"/> once, after pass 1 and before any <see cref="IHarmonizedSequenceSink.WriteAsync"/>.
/// </summary>
public interface ICanonicalTriangleSink
{
    /// <summary>Receives the canonical triangle of the run.</summary>
    ValueTask BeginAsync(CanonicalTriangle triangle, CancellationToken cancellationToken);
}
