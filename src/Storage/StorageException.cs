namespace PoseCluster.Storage;

/// <summary>Base of every error the storage subsystem raises (object stores, shards, registry).</summary>
public abstract class StorageException : Exception
{
    /// <summary>Creates the error with its message and optional cause.</summary>
    protected StorageException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>True when retrying the same operation later may succeed (network, lock, server restart).</summary>
    public virtual bool IsTransient => false;
}
