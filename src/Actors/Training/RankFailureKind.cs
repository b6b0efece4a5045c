namespace PoseCluster.Actors.Training;

/// <summary>What a failed rank means for the experiment.</summary>
public enum RankFailureKind
{
    /// <summary>A peer or node was lost, a collective timed out, or another transient failure: a new attempt may succeed.</summary>
    Transient,

    /// <summary>The inputs are wrong (model sizes, corpus, checkpoint): another attempt would fail the same way.</summary>
    Permanent,

    /// <summary>Stopped on purpose (cancel, or the attempt ends because another rank failed).</summary>
    Stopped,
}
