namespace PoseCluster.Runtime.Cluster;

/// <summary>Base of every cluster store error: a bad store URL, a schema newer than this build, a failed statement.</summary>
public class ClusterStoreException : Exception
{
    /// <summary>Creates the exception with a message that names the store or the setting.</summary>
    public ClusterStoreException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public ClusterStoreException(string message, Exception inner) : base(message, inner)
    {
    }
}
