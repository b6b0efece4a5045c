using PoseCluster.Storage.Objects;
using PoseCluster.Storage.Shards.Arrow;

namespace PoseCluster.Storage.Shards;

/// <summary>
/// What an Arrow IPC file holds, for <c>posecluster inspect</c>: schema, schema metadata, row and
/// batch counts, and the sum of every numeric column (fixed-size lists summed over all values,
/// nulls skipped). Any file of the types shards use is accepted, clip schema or not.
/// </summary>
/// <param name="Fields">The schema's fields.</param>
/// <param name="Metadata">Schema metadata.</param>
/// <param name="Rows">Rows over all batches.</param>
/// <param name="Batches">Record batches.</param>
/// <param name="Sums">Column name → sum, for int32, float32, bool (count of true) and list-of-float32 columns.</param>
/// <param name="Nulls">Column name → null count.</param>
public sealed record ShardSummary(
    IReadOnlyList<ShardField> Fields,
    IReadOnlyDictionary<string, string> Metadata,
    long Rows,
    int Batches,
    IReadOnlyDictionary<string, double> Sums,
    IReadOnlyDictionary<string, long> Nulls)
{
    /// <summary>Reads the whole file from <paramref name="input"/>; <paramref name="source"/> names it in errors.</summary>
    public static async Task<ShardSummary> ReadAsync(Stream input, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var reader = await ArrowFileReader.OpenAsync(input, source, ObjectStreams.KnownLength(input), cancellationToken).ConfigureAwait(false);
        var fields = reader.Schema.Fields;
        var sums = new Dictionary<string, double>(StringComparer.Ordinal);
        var nulls = fields.ToDictionary(f => f.Name, _ => 0L, StringComparer.Ordinal);
        foreach (var field in fields.Where(f => f.Type != ArrowType.Utf8))
        {
            sums[field.Name] = 0;
        }

        long rows = 0;
        var batches = 0;
        while (await reader.ReadBatchAsync(cancellationToken).ConfigureAwait(false) is { } batch)
        {
            rows += batch.Length;
            batches++;
            foreach (var column in batch.Columns)
            {
                nulls[column.Field.Name] += column.NullCount;
                if (column.Field.Type != ArrowType.Utf8)
                {
                    sums[column.Field.Name] += Sum(column);
                }
            }
        }

        return new ShardSummary(
            fields.Select(f => new ShardField(f.Name, f.TypeName, f.Nullable, f.Metadata)).ToList(),
            reader.Schema.Metadata, rows, batches, sums, nulls);
    }

    private static double Sum(ArrowColumn column)
    {
        var sum = 0.0;
        for (var row = 0; row < column.Length; row++)
        {
            if (column.IsNull(row))
            {
                continue;
            }

            switch (column.Field.Type)
            {
                case ArrowType.Int32:
                    sum += column.Int32Values[row];
                    break;
                case ArrowType.Float32:
                    sum += column.Float32Values[row];
                    break;
                case ArrowType.Bool:
                    sum += column.GetBool(row) ? 1 : 0;
                    break;
                default:
                    foreach (var value in column.GetFloatList(row))
                    {
                        sum += value;
                    }

                    break;
            }
        }

        return sum;
    }
}
