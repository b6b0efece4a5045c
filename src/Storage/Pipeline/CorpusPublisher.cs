using System.Text;
using PoseCluster.Datasets.AugMotion;
using PoseCluster.Datasets.Pipeline;
using PoseCluster.Storage.Objects;
using HarmonizedCorpus = PoseCluster.Datasets.AugMotion.CorpusManifest;

namespace PoseCluster.Storage.Pipeline;

/// <summary>
/// The last step of a corpus version (the corpus coordinator's, once every shard writer has reported):
/// <c>corpus.json</c>, <c>version.json</c>, then <c>manifest.json</c> last — its presence means the
/// version is complete. Publishing the same version twice writes the same documents.
/// </summary>
public static class CorpusPublisher
{
    /// <summary>Writes corpus.json and version.json, then the manifest listing <paramref name="document"/>'s shards.</summary>
    public static async Task PublishAsync(IObjectStore store, CorpusVersionDocument document, HarmonizedCorpus corpus, Stage2Options options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(options);
        var plan = document.Plan;
        await PutTextAsync(store, $"corpora/{plan.Version}/corpus.json", corpus.ToJson(), cancellationToken).ConfigureAwait(false);
        await document.WriteAsync(store, cancellationToken).ConfigureAwait(false);
        var manifest = new Shards.CorpusManifest(plan.Version, options.WindowLength, options.WindowStride, plan.Ms, plan.Msp,
            [.. document.Shards.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => s.ToEntry())]);
        await PutTextAsync(store, Shards.CorpusManifest.KeyFor(plan.Version), manifest.ToJson(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// corpus.json of a version: Ms, Msp and the triangle its clips are on, every accepted sequence with its
    /// key frame, transform, residual, frames, windows, split and where its clips are (<paramref name="fileOf"/>),
    /// every rejection with its reason; both sorted by dataset, subject, action, camera.
    /// </summary>
    public static HarmonizedCorpus CorpusJson(CorpusVersionPlan plan, IEnumerable<SequenceOutcome> sequences, Func<SequenceOutcome, string> fileOf)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentNullException.ThrowIfNull(fileOf);
        var triangle = plan.Triangle();
        var accepted = new List<ManifestSequence>();
        var rejected = new List<ManifestRejection>();
        foreach (var outcome in sequences)
        {
            var s = outcome.Sequence.Stage1;
            if (outcome.RejectReason is { } reason)
            {
                rejected.Add(new(outcome.Sequence.Dataset, s.Subject, s.Action, s.Camera, reason));
                continue;
            }

            var p = outcome.Projection!;
            accepted.Add(new(outcome.Sequence.Dataset, s.Subject, s.Action, s.Camera, s.KeyFrame,
                [[p.Rotation[0], p.Rotation[1], p.Rotation[2]], [p.Rotation[3], p.Rotation[4], p.Rotation[5]], [p.Rotation[6], p.Rotation[7], p.Rotation[8]]],
                p.Translation, p.RmsdMm, s.Frames, p.Windows, p.Split, fileOf(outcome)));
        }

        return new HarmonizedCorpus(
            triangle.ShoulderWidthMm, triangle.ShoulderToPelvisMm,
            new(triangle.LeftShoulder.ToArray(), triangle.RightShoulder.ToArray(), triangle.Pelvis.ToArray()),
            [.. accepted.OrderBy(s => new SequenceKey(s.Dataset, s.Subject, s.Action, s.Camera))],
            [.. rejected.OrderBy(r => new SequenceKey(r.Dataset, r.Subject, r.Action, r.Camera)).ThenBy(r => r.Reason, StringComparer.Ordinal)]);
    }

    /// <summary>Where a sequence's clips are: the split folder of the version that wrote its dataset's shards of its split.</summary>
    public static Func<SequenceOutcome, string> ShardFolders(IReadOnlyList<VersionShard> shards)
    {
        ArgumentNullException.ThrowIfNull(shards);
        var owners = shards.GroupBy(s => (s.Dataset, s.Split)).ToDictionary(g => g.Key, g => g.First().Version);
        return outcome =>
        {
            var split = outcome.Projection!.Split;
            return owners.TryGetValue((outcome.Sequence.Dataset, split), out var version) ? $"corpora/{version}/{split}/" : "";
        };
    }

    private static async Task PutTextAsync(IObjectStore store, string key, string text, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text), writable: false);
        await store.PutAsync(key, stream, cancellationToken).ConfigureAwait(false);
    }
}
