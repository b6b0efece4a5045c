namespace PoseCluster.Actors.Experiments;

/// <summary>The status names of an experiment's lifecycle (docs/API.md).</summary>
public static class ExperimentStatus
{
    /// <summary>Accepted, not yet looked at.</summary>
    public const string Submitted = "Submitted";

    /// <summary>No complete corpus version (of the one named) yet.</summary>
    public const string WaitingForCorpus = "WaitingForCorpus";

    /// <summary>Claiming slots, or an attempt trains.</summary>
    public const string Training = "Training";

    /// <summary>Training is done; rank 0 evaluates.</summary>
    public const string Evaluating = "Evaluating";

    /// <summary>Trained and evaluated.</summary>
    public const string Succeeded = "Succeeded";

    /// <summary>Gave up (a permanent error, or max-restarts attempts failed).</summary>
    public const string Failed = "Failed";

    /// <summary>Cancelled by a user.</summary>
    public const string Cancelled = "Cancelled";

    /// <summary>True for the statuses an experiment never leaves.</summary>
    public static bool IsFinal(string status) => status is Succeeded or Failed or Cancelled;
}
