using Apache.Arrow;

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
    private static readonly IReadOnlyDictionary<string, string> NoMetadata = new Dictionary<string, string>();

    /// <summary>Reads the whole file from <paramref name="input"/>; <paramref name="source"/> names it in errors.</summary>
    public static async Task<ShardSummary> ReadAsync(Stream input, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var reader = await ArrowShardReader.OpenAsync(input, source, cancellationToken).ConfigureAwait(false);
        var fields = reader.Schema.FieldsList;
        var sums = new Dictionary<string, double>(StringComparer.Ordinal);
        var nulls = fields.ToDictionary(f => f.Name, _ => 0L, StringComparer.Ordinal);
        foreach (var field in fields.Where(f => f.DataType is not Apache.Arrow.Types.StringType))
        {
            sums[field.Name] = 0;
        }

        long rows = 0;
        var batches = 0;
        while (await reader.ReadNextAsync(cancellationToken).ConfigureAwait(false) is { } batch)
        {
            using (batch)
            {
                rows += batch.Length;
                batches++;
                for (var i = 0; i < fields.Count; i++)
                {
                    var column = batch.Column(i);
                    nulls[fields[i].Name] += column.NullCount;
                    if (sums.ContainsKey(fields[i].Name))
                    {
                        sums[fields[i].Name] += Sum(column);
                    }
                }
            }
        }

        return new ShardSummary(
            fields.Select(f => new ShardField(f.Name, ArrowColumns.TypeName(f.DataType)!, f.IsNullable, f.Metadata ?? NoMetadata)).ToList(),
            reader.Schema.Metadata ?? NoMetadata, rows, batches, sums, nulls);
    }

    private static double Sum(IArrowArray column)
    {
        var sum = 0.0;
        for (var row = 0; row < column.Length; row++)
        {
            if (column.IsNull(row))
            {
                continue;
            }

            switch (column)
            {
                case Int32Array ints:
                    sum += ints.Values[row];
                    break;
                case FloatArray floats:
                    sum += floats.Values[row];
                    break;
                case BooleanArray bools:
                    sum += bools.GetValue(row) == true ? 1 : 0;
                    break;
                case FixedSizeListArray list:
                    var size = ((Apache.Arrow.Types.FixedSizeListType)list.Data.DataType).ListSize;
                    foreach (var value in ((FloatArray)list.Values).Values.Slice((list.Offset + row) * size, size))
                    {
                        sum += value;
                    }

                    break;
            }
        }

        return sum;
    }
}
