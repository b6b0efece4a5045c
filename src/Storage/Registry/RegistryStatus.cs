namespace PoseCluster.Storage.Registry;

/// <summary>Where a registry is and which schema version it has.</summary>
/// <param name="Dialect">sqlite or postgres.</param>
/// <param name="Location">Database location (no password).</param>
/// <param name="SchemaVersion">Applied schema version (0 for an empty database).</param>
/// <param name="LatestVersion">Newest version this build knows.</param>
/// <param name="Applied">Applied migrations: version and name.</param>
public sealed record RegistryStatus(string Dialect, string Location, int SchemaVersion, int LatestVersion, IReadOnlyList<AppliedMigration> Applied)
{
    /// <summary>Migrations this build would apply.</summary>
    public int Pending => Math.Max(0, LatestVersion - SchemaVersion);
}
