using System.Text.Json;
using System.Text.Json.Serialization;
using PoseCluster.Storage.Objects;

namespace PoseCluster.Storage.Shards;

/// <summary>
/// <c>corpora/&lt;version&gt;/manifest.json</c>: the shards of one corpus version, written after every
/// shard is stored, so a manifest's presence means the corpus is complete.
/// </summary>
/// <param name="Version">Corpus version id.</param>
/// <param name="Window">Clip length T.</param>
/// <param name="Stride">Window stride S.</param>
/// <param name="Ms">Mean shoulder width, mm.</param>
/// <param name="Msp">Mean shoulder-midpoint-to-pelvis distance, mm.</param>
/// <param name="Shards">Every shard of the version.</param>
public sealed record CorpusManifest(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("window")] int Window,
    [property: JsonPropertyName("stride")] int Stride,
    [property: JsonPropertyName("ms")] double Ms,
    [property: JsonPropertyName("msp")] double Msp,
    [property: JsonPropertyName("shards")] IReadOnlyList<ShardEntry> Shards)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>The manifest's key for corpus version <paramref name="version"/>.</summary>
    public static string KeyFor(string version) => $"corpora/{version}/manifest.json";

    /// <summary>The manifest as JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>
    /// Reads the manifest of <paramref name="version"/> and checks that every shard it names is stored
    /// with the recorded size; a missing or wrong-sized shard is a <see cref="CorpusIncompleteException"/>.
    /// </summary>
    public static async Task<CorpusManifest> ReadAsync(IObjectStore store, string version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var key = KeyFor(version);
        var manifest = await LoadAsync(store, version, cancellationToken).ConfigureAwait(false);

        // A version may list shards a parent version wrote (kept within the reuse tolerance), so every
        // folder the manifest names is listed, not only the version's own.
        var stored = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var folder in manifest.Shards.Select(s => s.Key[..(s.Key.LastIndexOf('/') + 1)]).Distinct(StringComparer.Ordinal))
        {
            await foreach (var info in store.ListAsync(folder, cancellationToken).ConfigureAwait(false))
            {
                stored[info.Key] = info.Size;
            }
        }

        foreach (var shard in manifest.Shards)
        {
            if (!stored.TryGetValue(shard.Key, out var size))
            {
                throw new CorpusIncompleteException(key, $"shard {shard.Key} named by the manifest is missing from {store.Location}");
            }

            if (size != shard.Bytes)
            {
                throw new CorpusIncompleteException(key, $"shard {shard.Key} has {size} bytes, the manifest says {shard.Bytes}");
            }
        }

        return manifest;
    }

    /// <summary>Reads and parses the manifest of <paramref name="version"/> without looking at the shards.</summary>
    internal static async Task<CorpusManifest> LoadAsync(IObjectStore store, string version, CancellationToken cancellationToken)
    {
        var key = KeyFor(version);
        CorpusManifest? manifest;
        var stream = await store.GetAsync(key, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                manifest = await JsonSerializer.DeserializeAsync<CorpusManifest>(stream, Json, cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException e)
            {
                throw new CorpusIncompleteException(key, $"the manifest is not valid JSON: {e.Message}");
            }
        }

        if (manifest?.Shards is null || manifest.Shards.Any(s => s is null || string.IsNullOrEmpty(s.Key) || string.IsNullOrEmpty(s.Sha256)))
        {
            throw new CorpusIncompleteException(key, "the manifest has no shard list, or a shard without key or sha256");
        }

        return manifest;
    }
}
