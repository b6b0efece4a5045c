using System.Globalization;
using System.Text;
using PoseCluster.Datasets.AugMotion;
using PoseCluster.Datasets.Ingestion;
using PoseCluster.Datasets.Sources;

namespace PoseCluster.Datasets.Pipeline;

/// <summary>
/// The corpus config hash (docs/AUGMOTION.md, "Config hash"): every setting that changes a corpus
/// version's bytes — the stage-1 settings of every dataset kind PoseCluster reads (all of them, so that
/// adding a dataset of a new kind does not change the hash and a parent stays reusable), windows, subject
/// splits, shard sizing, skeleton and units. A version can reuse its parent's shards only under the same hash.
/// </summary>
/// <param name="Stage1">The stage-1 settings per kind.</param>
/// <param name="Stage2">Windows, splits and shard sizing.</param>
/// <param name="Text">The canonical text.</param>
/// <param name="Hash">Lower-case hex SHA-256 of <see cref="Text"/>.</param>
public sealed record CorpusConfig(IReadOnlyDictionary<DatasetKind, Stage1Config> Stage1, Stage2Options Stage2, string Text, string Hash)
{
    /// <summary>The skeleton every shard uses.</summary>
    public const string Skeleton = "h36m-17";

    /// <summary>Units of the 3D poses.</summary>
    public const string Units = "mm";

    /// <summary>The config of a corpus built with these settings.</summary>
    public static CorpusConfig For(DatasetLoaderOptions loaders, AugMotionOptions augmotion, Stage2Options stage2)
    {
        ArgumentNullException.ThrowIfNull(stage2);
        stage2.Validate();
        var stage1 = DatasetKinds.All.ToDictionary(k => k.Kind, k => Stage1Config.For(k.Kind, loaders, augmotion));
        var text = new StringBuilder("posecluster-corpus 1\n");
        foreach (var (kind, config) in stage1.OrderBy(k => DatasetKinds.NameOf(k.Key), StringComparer.Ordinal))
        {
            text.Append("stage1.").Append(DatasetKinds.NameOf(kind)).Append('=').Append(config.Hash).Append('\n');
        }

        text.Append(CultureInfo.InvariantCulture, $"windows.length={stage2.WindowLength}\nwindows.stride={stage2.WindowStride}\n");
        text.Append(CultureInfo.InvariantCulture, $"shards.target-size={stage2.ShardTargetBytes}\nshards.batch-size={stage2.BatchBytes}\n");
        text.Append(CultureInfo.InvariantCulture, $"skeleton={Skeleton}\nunits={Units}\n");
        foreach (var line in stage2.Splits.Canonical.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            text.Append("splits.").Append(line).Append('\n');
        }

        var canonical = text.ToString();
        return new CorpusConfig(stage1, stage2, canonical, ContentHashes.Sha256(canonical));
    }
}
