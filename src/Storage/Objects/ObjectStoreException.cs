namespace PoseCluster.Storage.Objects;

/// <summary>An object store operation failed; <see cref="Key"/> names the object when there is one.</summary>
public class ObjectStoreException : StorageException
{
    /// <summary>Creates the error.</summary>
    public ObjectStoreException(string message, string? key = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Key = key;
    }

    /// <summary>The object key the operation was about, if any.</summary>
    public string? Key { get; }
}
