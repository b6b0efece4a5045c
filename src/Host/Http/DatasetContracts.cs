using System.Text.Json;
using System.Text.Json.Serialization;

namespace PoseCluster.Host.Http;

// Bodies of the dataset and corpus endpoints (docs/API.md) and of the CLI that reads them; snake_case JSON.

/// <summary>JSON options of the dataset and corpus bodies: snake_case names, every field written.</summary>
internal static class DatasetJson
{
    /// <summary>The options.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        // Paths and reasons stay readable (no \u0027 for quotes); the bodies are JSON, never HTML.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

/// <summary>An error: one line naming the bad field or missing thing, and each bad field's problem (400).</summary>
/// <param name="Error">The message.</param>
/// <param name="Errors">Field path → problem, or null.</param>
internal sealed record DatasetErrorView(string Error, IReadOnlyDictionary<string, string>? Errors = null);

/// <summary><c>POST /api/datasets</c> → 202.</summary>
/// <param name="Dataset">Dataset name.</param>
/// <param name="Job">Job id (<c>GET /api/datasets/{dataset}/jobs/{job}</c>).</param>
internal sealed record DatasetAcceptedView(string Dataset, string Job);

/// <summary><c>GET /api/datasets</c>.</summary>
/// <param name="Datasets">Every dataset ever added, by name.</param>
internal sealed record DatasetListView(IReadOnlyList<DatasetView> Datasets);

/// <summary>Sequence counts (docs/API.md).</summary>
internal sealed record SequenceCountsView(int Total, int Done, int Computed, int Cached, int Failed, int Rejected);

/// <summary>Units of an ingestion.</summary>
internal sealed record UnitCountsView(int Total, int Done);

/// <summary>A failed or rejected sequence.</summary>
internal sealed record SequenceErrorView(string Sequence, string Reason);

/// <summary>One dataset (docs/API.md, GET /api/datasets).</summary>
/// <param name="Name">Name.</param>
/// <param name="Kind">Kind of its latest job.</param>
/// <param name="Path">Folder of its latest job.</param>
/// <param name="ContentHash">Content hash of its last complete ingestion, or null.</param>
/// <param name="Status">ingesting, ready, failed (unavailable when its entity did not answer in time).</param>
/// <param name="Sequences">Counts of its latest job.</param>
/// <param name="Errors">Failed and rejected sequences of its latest job.</param>
/// <param name="Job">Its latest job.</param>
/// <param name="Phase">That job's phase.</param>
/// <param name="Units">That job's units.</param>
/// <param name="Node">The node hosting the dataset's entity.</param>
/// <param name="Error">Why that job failed, or null.</param>
internal sealed record DatasetView(
    string Name, string Kind, string Path, string? ContentHash, string Status, SequenceCountsView Sequences, IReadOnlyList<SequenceErrorView> Errors,
    string? Job, string Phase, UnitCountsView Units, string? Node, string? Error);

/// <summary>
/// <c>GET /api/datasets/{name}/jobs/{job}</c>: a job's progress and, once its corpus version is complete, what
/// it produced. <c>status</c>: queued, ingesting, harmonizing, complete, failed.
/// </summary>
internal sealed record DatasetJobView(
    string Dataset, string Job, string Status, string Phase, SequenceCountsView Sequences, UnitCountsView Units, string? ContentHash,
    string? CorpusVersion, string? ParentVersion, int Reprojected, long ReusedClips, long NewClips, IReadOnlyList<ShardView> Shards, string? Error);

/// <summary>A shard of a corpus version.</summary>
/// <param name="Key">Object key.</param>
/// <param name="Split">train, val or test.</param>
/// <param name="Dataset">The dataset whose clips it holds.</param>
/// <param name="Version">The version that wrote it (a version may keep its parent's).</param>
/// <param name="Clips">Rows.</param>
/// <param name="Bytes">Size.</param>
/// <param name="Sha256">SHA-256, lower-case hex.</param>
internal sealed record ShardView(string Key, string Split, string? Dataset, string Version, long Clips, long Bytes, string Sha256);

/// <summary>A dataset of a corpus version.</summary>
internal sealed record CorpusDatasetView(string Name, string ContentHash);

/// <summary><c>GET /api/corpus[/{version}]</c> (docs/API.md).</summary>
internal sealed record CorpusView(
    string Id, string? Parent, string Status, IReadOnlyList<CorpusDatasetView> Datasets, double Ms, double Msp,
    IReadOnlyDictionary<string, long> Clips, IReadOnlyList<ShardView> Shards, DateTimeOffset? Created, string? ReusedVersion, double? MovedMm);

/// <summary>What <c>posecluster datasets add --wait</c> prints (issue 13).</summary>
internal sealed record DatasetAddResult(
    string Dataset, string? CorpusVersion, string? ParentVersion, DatasetAddSequences Sequences, int Reprojected, long ReusedClips, long NewClips, IReadOnlyList<ShardView> Shards);

/// <summary>Sequence counts of a finished job: computed now, found cached, not in the corpus (rejected or unreadable).</summary>
internal sealed record DatasetAddSequences(int Computed, int Cached, int Rejected);
