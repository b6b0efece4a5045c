using System.Globalization;
using System.Numerics;
using System.Text;
using PoseCluster.Datasets.AugMotion;
using PoseCluster.Datasets.Ingestion;
using PoseCluster.Datasets.Sources;

namespace PoseCluster.Datasets.Pipeline;

/// <summary>
/// Exactly the settings that change stage 1's output for one dataset kind (docs/AUGMOTION.md, "Config
/// hash"): the stage-1 format version, the kind's loader settings that reach the cached sequences (not
/// the cameras file: stage 1 does not read cameras) and the key-frame settings. <see cref="Hash"/> is the
/// lower-case hex SHA-256 of <see cref="Text"/>; it keys the stage-1 cache together with a unit's content hash.
/// </summary>
/// <param name="Kind">The dataset kind.</param>
/// <param name="Text">The canonical settings text, one <c>key=value</c> a line, invariant culture, round-trip doubles.</param>
/// <param name="Hash">SHA-256 of <see cref="Text"/>.</param>
public sealed record Stage1Config(DatasetKind Kind, string Text, string Hash)
{
    /// <summary>Version of the stage-1 computation and cache format; bumping it invalidates every cache entry.</summary>
    public const int FormatVersion = 1;

    /// <summary>The stage-1 settings of <paramref name="kind"/>.</summary>
    public static Stage1Config For(DatasetKind kind, DatasetLoaderOptions loaders, AugMotionOptions augmotion)
    {
        ArgumentNullException.ThrowIfNull(loaders);
        ArgumentNullException.ThrowIfNull(augmotion);
        var lines = new List<(string Key, string Value)>
        {
            ("format", Number(FormatVersion)),
            ("kind", DatasetKinds.NameOf(kind)),
        };
        switch (kind)
        {
            case DatasetKind.H36M:
                lines.Add(("h36m.positions-3d-file", loaders.H36m.Positions3dFile));
                lines.Add(("h36m.positions-2d-file", loaders.H36m.Positions2dFile));
                lines.Add(("h36m.keypoints-2d-camera", Number(loaders.H36m.Keypoints2dCamera)));
                lines.Add(("h36m.fps", Number(loaders.H36m.Fps)));
                lines.Add(("h36m.up-axis", Axis(loaders.H36m.UpAxis)));
                break;
            case DatasetKind.Mpi3dhp:
                lines.Add(("3dhp.annotation", loaders.Mpi3dhp.AnnotationKey));
                lines.Add(("3dhp.fps", Number(loaders.Mpi3dhp.Fps)));
                foreach (var (key, fps) in loaders.Mpi3dhp.FpsOverrides.OrderBy(o => o.Key.ToUpperInvariant(), StringComparer.Ordinal))
                {
                    lines.Add(($"3dhp.fps-overrides.{key.ToUpperInvariant()}", Number(fps)));
                }

                lines.Add(("3dhp.up-axis", Axis(loaders.Mpi3dhp.UpAxis)));
                break;
            case DatasetKind.AistPlusPlus:
                lines.Add(("aistpp.preferred-key", loaders.Aistpp.PreferredKey));
                lines.Add(("aistpp.fallback-key", loaders.Aistpp.FallbackKey));
                lines.Add(("aistpp.fps", Number(loaders.Aistpp.Fps)));
                lines.Add(("aistpp.up-axis", Axis(loaders.Aistpp.UpAxis)));
                break;
            case DatasetKind.Mads:
                lines.Add(("mads.fps", Number(loaders.Mads.Fps)));
                lines.Add(("mads.up-axis", Axis(loaders.Mads.UpAxis)));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "no stage-1 settings for this dataset kind");
        }

        lines.Add(("augmotion.upright-max-angle-degrees", Number(augmotion.UprightMaxAngleDegrees)));
        lines.Add(("augmotion.clusters", Number(augmotion.Clusters)));
        lines.Add(("augmotion.seed", augmotion.Seed.ToString(CultureInfo.InvariantCulture)));
        lines.Add(("augmotion.max-iterations", Number(augmotion.MaxIterations)));
        var text = new StringBuilder("posecluster-stage1\n");
        foreach (var (key, value) in lines)
        {
            text.Append(key).Append('=').Append(value).Append('\n');
        }

        var canonical = text.ToString();
        return new Stage1Config(kind, canonical, ContentHashes.Sha256(canonical));
    }

    /// <summary>Round-trip text; −0 is written as 0 (an up axis of −Y has −0 components, the same axis read from config has +0).</summary>
    private static string Number(double value) => value == 0 ? "0" : value.ToString("R", CultureInfo.InvariantCulture);

    private static string Axis(Vector3 axis) => $"{Number(axis.X)},{Number(axis.Y)},{Number(axis.Z)}";
}
