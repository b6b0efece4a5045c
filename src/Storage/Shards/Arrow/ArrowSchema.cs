namespace PoseCluster.Storage.Shards.Arrow;

/// <summary>An Arrow schema: top-level fields and key/value metadata.</summary>
internal sealed record ArrowSchema(IReadOnlyList<ArrowField> Fields, IReadOnlyDictionary<string, string> Metadata);
