namespace PoseCluster.Storage.Objects;

/// <summary>The store could not be reached or kept failing after every retry; names the endpoint.</summary>
public sealed class ObjectStoreUnavailableException(string endpoint, int attempts, Exception innerException)
    : ObjectStoreException($"object store endpoint {endpoint} is unreachable or failing after {attempts} attempts: {innerException.Message}", null, innerException)
{
    /// <summary>The endpoint that was tried.</summary>
    public string Endpoint { get; } = endpoint;

    /// <inheritdoc/>
    public override bool IsTransient => true;
}
