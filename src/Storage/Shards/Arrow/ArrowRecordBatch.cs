namespace PoseCluster.Storage.Shards.Arrow;

/// <summary>A record batch read from a file; its columns are views into one body buffer.</summary>
internal sealed record ArrowRecordBatch(int Length, IReadOnlyList<ArrowColumn> Columns, long BodyBytes)
{
    public ArrowColumn Column(string name) =>
        Columns.FirstOrDefault(c => c.Field.Name == name) ?? throw new KeyNotFoundException($"no column '{name}'");
}
