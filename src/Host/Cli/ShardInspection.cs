using System.Globalization;
using System.Text.Json;
using PoseCluster.Storage.Shards;

namespace PoseCluster.Host.Cli;

/// <summary>
/// The <c>.arrow</c> part of <c>posecluster inspect FILE [--json]</c>: schema, metadata, row count and
/// the sum of each numeric column of an Arrow IPC file. InspectCommand calls <see cref="Handles"/>
/// and <see cref="RunAsync"/>; a truncated or corrupted file is bad input (exit 2).
/// </summary>
internal static class ShardInspection
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>True for files this inspection reads: *.arrow, *.feather, *.ipc, or any file starting with ARROW1.</summary>
    public static bool Handles(string path)
    {
        if (Path.GetExtension(path).ToLowerInvariant() is ".arrow" or ".feather" or ".ipc")
        {
            return true;
        }

        try
        {
            using var file = File.OpenRead(path);
            Span<byte> magic = stackalloc byte[6];
            return file.Read(magic) == 6 && magic.SequenceEqual("ARROW1"u8);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Prints the summary of <paramref name="path"/> as JSON or text; returns the exit code.</summary>
    public static async Task<int> RunAsync(string path, bool json, CliContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!File.Exists(path))
        {
            throw new BadInputException($"{path}: no such file");
        }

        ShardSummary summary;
        var stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            summary = await ShardSummary.ReadAsync(stream, path, cancellationToken).ConfigureAwait(false);
        }

        if (json)
        {
            await context.Out.WriteLineAsync(JsonSerializer.Serialize(ToJson(path, summary), Json)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        await context.Out.WriteLineAsync($"{path}: Arrow IPC file, {summary.Rows} rows in {summary.Batches} record batches").ConfigureAwait(false);
        foreach (var (key, value) in summary.Metadata)
        {
            await context.Out.WriteLineAsync($"  metadata {key} = {value}").ConfigureAwait(false);
        }

        foreach (var field in summary.Fields)
        {
            var sum = summary.Sums.TryGetValue(field.Name, out var s) ? $", sum {s.ToString("R", CultureInfo.InvariantCulture)}" : "";
            await context.Out.WriteLineAsync($"  {field.Name}: {field.Type}{(field.Nullable ? " (nullable)" : "")}, {summary.Nulls[field.Name]} nulls{sum}").ConfigureAwait(false);
        }

        return ExitCodes.Ok;
    }

    /// <summary>The JSON document <c>inspect --json</c> prints for an Arrow file.</summary>
    public static object ToJson(string path, ShardSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return new Dictionary<string, object>
        {
            ["file"] = path,
            ["format"] = "arrow",
            ["schema"] = summary.Fields.Select(f => new Dictionary<string, object>
            {
                ["name"] = f.Name,
                ["type"] = f.Type,
                ["nullable"] = f.Nullable,
                ["metadata"] = f.Metadata,
            }).ToList(),
            ["metadata"] = summary.Metadata,
            ["rows"] = summary.Rows,
            ["batches"] = summary.Batches,
            ["sums"] = summary.Sums,
            ["nulls"] = summary.Nulls,
        };
    }
}
