namespace PoseCluster.Storage.Registry;

/// <summary>A migration recorded in schema_migrations.</summary>
/// <param name="Version">Schema version.</param>
/// <param name="Name">Migration name.</param>
/// <param name="AppliedAt">When it was applied.</param>
public sealed record AppliedMigration(int Version, string Name, DateTimeOffset AppliedAt);
