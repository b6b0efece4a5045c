namespace PoseCluster.Storage.Registry;

/// <summary>The registry was migrated by a newer PoseCluster than this one: refusing to start rather than misread it.</summary>
public sealed class RegistrySchemaTooNewException(string location, int schemaVersion, int knownVersion)
    : RegistryException($"the registry at {location} is at schema version {schemaVersion}; this build knows versions up to {knownVersion}: use a newer posecluster", isTransient: false)
{
    /// <summary>The registry's schema version.</summary>
    public int SchemaVersion { get; } = schemaVersion;

    /// <summary>The newest schema version this build knows.</summary>
    public int KnownVersion { get; } = knownVersion;
}
