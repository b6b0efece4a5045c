namespace PoseCluster.Models;

/// <summary>A checkpoint that cannot be restored: not a PoseCluster checkpoint, truncated, or written by a model of other sizes.</summary>
public sealed class CheckpointException : Exception
{
    /// <summary>Creates the exception with a message naming the checkpoint and the problem.</summary>
    public CheckpointException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
