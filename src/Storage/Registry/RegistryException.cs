namespace PoseCluster.Storage.Registry;

/// <summary>A registry operation failed; <see cref="StorageException.IsTransient"/> says whether retrying may help.</summary>
public class RegistryException : StorageException
{
    private readonly bool transient;

    /// <summary>Creates the error.</summary>
    public RegistryException(string message, bool isTransient, Exception? innerException = null)
        : base(message, innerException)
    {
        transient = isTransient;
    }

    /// <inheritdoc/>
    public override bool IsTransient => transient;
}
