using System.Text.Json;
using System.Text.Json.Serialization;
using PoseCluster.Datasets.Pipeline;
using PoseCluster.Storage.Objects;
using PoseCluster.Storage.Shards;

namespace PoseCluster.Storage.Pipeline;

/// <summary>
/// <c>corpora/&lt;version&gt;/version.json</c>: a corpus version's lineage and reuse decision (the plan),
/// every shard it lists with the dataset it holds (its own and the parent's it keeps), and what the run
/// that built it did. Written just before the manifest; the manifest's presence means both are complete.
/// </summary>
/// <param name="Plan">Id, parent, config hash, triangles, datasets, reused datasets.</param>
/// <param name="Shards">Every shard of the version.</param>
/// <param name="Stage1">Stage-1 counts of the run.</param>
/// <param name="Reprojected">Sequences projected (Kabsch + transform) by this version's shard writers.</param>
/// <param name="ReusedClips">Clips in the parent's shards the version keeps.</param>
/// <param name="NewClips">Clips written for this version.</param>
/// <param name="CreatedAt">When the version was built (UTC).</param>
public sealed record CorpusVersionDocument(
    [property: JsonPropertyName("plan")] CorpusVersionPlan Plan,
    [property: JsonPropertyName("shards")] IReadOnlyList<VersionShard> Shards,
    [property: JsonPropertyName("stage1")] Stage1Counts Stage1,
    [property: JsonPropertyName("reprojected")] int Reprojected,
    [property: JsonPropertyName("reused_clips")] long ReusedClips,
    [property: JsonPropertyName("new_clips")] long NewClips,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt)
{
    private const int MaxBytes = 64 << 20;

    /// <summary>The document's key.</summary>
    public static string KeyFor(string version) => $"corpora/{version}/version.json";

    /// <summary>The parent-facing view: what the reuse rule needs.</summary>
    public ParentCorpus ToParent() => new(Plan.Version, Plan.ConfigHash, Plan.Ms, Plan.Msp, Plan.Datasets);

    /// <summary>Stores the document.</summary>
    public async Task WriteAsync(IObjectStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var json = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(this, VersionJson.Default.CorpusVersionDocument), writable: false);
        await store.PutAsync(KeyFor(Plan.Version), json, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The document of a complete version (its manifest stored), or null when the version is absent or
    /// incomplete. A malformed document is a <see cref="CorpusIncompleteException"/>.
    /// </summary>
    public static async Task<CorpusVersionDocument?> ReadCompleteAsync(IObjectStore store, string version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ObjectKeys.Validate(KeyFor(version));
        if (!await store.ExistsAsync(CorpusManifest.KeyFor(version), cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var key = KeyFor(version);
        Stream stream;
        try
        {
            stream = await store.GetAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectNotFoundException)
        {
            return null;
        }

        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (buffer.Length > MaxBytes)
            {
                throw new CorpusIncompleteException(key, $"the version document is larger than {MaxBytes} bytes");
            }

            try
            {
                return JsonSerializer.Deserialize(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), VersionJson.Default.CorpusVersionDocument)
                    ?? throw new CorpusIncompleteException(key, "the version document is empty");
            }
            catch (JsonException e)
            {
                throw new CorpusIncompleteException(key, $"the version document is not valid JSON: {e.Message}");
            }
        }
    }

    /// <summary>The newest complete version in the store (by creation time, then id), or null when there is none.</summary>
    public static async Task<CorpusVersionDocument?> ReadLatestAsync(IObjectStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        CorpusVersionDocument? latest = null;
        await foreach (var info in store.ListAsync("corpora/", cancellationToken).ConfigureAwait(false))
        {
            var parts = info.Key.Split('/');
            if (parts.Length != 3 || parts[2] != "version.json")
            {
                continue;
            }

            var document = await ReadCompleteAsync(store, parts[1], cancellationToken).ConfigureAwait(false);
            if (document is not null && (latest is null || (document.CreatedAt, document.Plan.Version).CompareTo((latest.CreatedAt, latest.Plan.Version)) > 0))
            {
                latest = document;
            }
        }

        return latest;
    }
}
