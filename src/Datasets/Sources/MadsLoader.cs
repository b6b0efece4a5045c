using PoseCluster.Datasets.Ingestion;

namespace PoseCluster.Datasets.Sources;

/// <summary>
/// MADS multi-view ground truth: <c>multi_view_data/&lt;Style&gt;/&lt;seq&gt;_GT.mat</c> whose <c>GTpose2</c>
/// is a cell of per-frame J x 3 arrays in millimetres (NaN or empty frames are missing), with
/// <c>Calib_Cam*.mat</c> (KK, kc, om_ext, T_ext) beside it. One sequence per GT file: subject = the style
/// folder, action = the file name without <c>_GT</c>, camera "world". Sequences with 15 joints (an
/// undocumented order) are skipped, as SoloPose's code does. Frame rate and up axis are not verified:
/// <see cref="MadsOptions"/>.
/// </summary>
internal sealed class MadsLoader(MadsOptions options) : UnitLoader
{
    /// <summary>
    /// 0 neck, 1 pelvis, 2-5 left hip, knee, ankle, toe, 6-9 the same on the right, 10-13 left shoulder,
    /// elbow, wrist, hand, 14-17 the same on the right, 18 head.
    /// </summary>
    private const int SourceJoints = 19;

    /// <summary>The joint count of the sequences in an undocumented order.</summary>
    private const int UnsupportedJoints = 15;

    /// <summary>GTpose2 is already in millimetres.</summary>
    private const double MillimetresPerUnit = 1.0;

    private const string GroundTruthSuffix = "_GT.mat";
    private const string PoseVariable = "GTpose2";
    private const string MultiViewFolder = "multi_view_data";

    private const int Neck = 0, Pelvis = 1, Head = 18;

    /// <summary>
    /// 19 → 17 (DATASETS.md): pelvis 1; r_hip 6, r_knee 7, r_ankle 8; l_hip 2, l_knee 3, l_ankle 4;
    /// spine = mean(1, 0); thorax = 0; neck/nose = mean(0, 18); head 18; arms one to one.
    /// </summary>
    internal static readonly JointMap Map = JointMap.Average(
        SourceJoints,
        [Pelvis],
        [6], [7], [8],
        [2], [3], [4],
        [Pelvis, Neck],
        [Neck],
        [Neck, Head],
        [Head],
        [10], [11], [12],
        [14], [15], [16]);

    /// <inheritdoc/>
    public override DatasetKind Kind => DatasetKind.Mads;

    /// <summary>
    /// A MADS root (with <c>multi_view_data</c>), or the <c>multi_view_data</c> or a style folder itself;
    /// deliberately not any folder with GT files somewhere far below, so that a parent of several datasets is not MADS.
    /// </summary>
    public override bool Recognizes(string directory) =>
        (Directory.Exists(Path.Combine(directory, MultiViewFolder)) && GroundTruthFiles(Path.Combine(directory, MultiViewFolder)).Any())
        || Directory.EnumerateFiles(directory, "*" + GroundTruthSuffix).Any()
        || Directory.EnumerateDirectories(directory).Any(d => Directory.EnumerateFiles(d, "*" + GroundTruthSuffix).Any());

    /// <inheritdoc/>
    public override DatasetLayout Layout(string directory, IRawFileReader reader)
    {
        directory = Path.GetFullPath(directory);
        var units = new List<SourceUnit>();
        foreach (var file in GroundTruthFiles(directory).Order(StringComparer.Ordinal))
        {
            var id = SourcePaths.Relative(directory, file);
            units.Add(new SourceUnit(id, [id], Path.GetFileName(Path.GetDirectoryName(file)!), Path.GetFileName(file)[..^GroundTruthSuffix.Length], "world"));
        }

        return new DatasetLayout(Kind, directory, new Dictionary<string, string>(), units);
    }

    /// <inheritdoc/>
    public override IReadOnlyList<PendingSequence> LoadUnit(SourceUnit unit, UnitFiles files)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(files);
        var file = files.FullPath(unit.Id);
        var variables = SourceData.ReadMat(files.Bytes(unit.Id), file);
        return [new PendingSequence(file, unit.Subject, unit.Action, "world", () => SourceErrors.Guard(file, () => LoadSequence(file, unit, variables)))];
    }

    /// <inheritdoc/>
    protected override PoseSequence WithCameras(string directory, SourceUnit unit, PoseSequence sequence, Dictionary<string, object> cache) =>
        sequence with { Cameras = CamerasOf(Path.GetDirectoryName(SourcePaths.Full(directory, unit.Id))!, cache) };

    private static IEnumerable<string> GroundTruthFiles(string directory) =>
        Directory.EnumerateFiles(directory, "*" + GroundTruthSuffix, SearchOption.AllDirectories);

    private SequenceLoadResult LoadSequence(string file, SourceUnit unit, IReadOnlyDictionary<string, object?> variables)
    {
        if (!variables.TryGetValue(PoseVariable, out var cellValue))
        {
            throw SourceErrors.Format(file, $"has no '{PoseVariable}' variable");
        }

        var frames = SourceData.List(file, cellValue, PoseVariable);
        var values = new double[frames.Count * SourceJoints * 3];
        for (var f = 0; f < frames.Count; f++)
        {
            var what = $"{PoseVariable}/{f}";
            var frame = SourceData.Numbers(file, frames[f], what);
            var target = values.AsSpan(f * SourceJoints * 3, SourceJoints * 3);
            if (frame.Count == 0)
            {
                target.Fill(double.NaN); // an empty cell is a missing frame
                continue;
            }

            if (frame.Shape.SequenceEqual([UnsupportedJoints, 3]))
            {
                return SequenceLoadResult.Skipped(file, $"{file}: {UnsupportedJoints} joints in an undocumented order (only {SourceJoints}-joint sequences are supported)", unit.Subject, unit.Action);
            }

            SourceData.ExpectShape(file, frame, what, SourceJoints, 3);
            frame.ToDoubleArray().CopyTo(target);
        }

        var (positions, valid) = Map.Map(values, MillimetresPerUnit);
        var sequence = new PoseSequence(
            DatasetKinds.NameOf(Kind), unit.Subject, unit.Action, "world", options.Fps, options.UpAxis, positions, valid);
        return SequenceLoadResult.Loaded(file, sequence);
    }

    /// <summary>The Calib_Cam*.mat cameras of a folder (Bouguet's toolbox: Xc = R(om_ext)·X + T_ext, mm).</summary>
    private static IReadOnlyList<CameraCalibration> CamerasOf(string folder, Dictionary<string, object> cache)
    {
        if (cache.TryGetValue(folder, out var cameras))
        {
            return (IReadOnlyList<CameraCalibration>)cameras;
        }

        var list = new List<CameraCalibration>();
        foreach (var file in SourceData.NaturalOrder(Directory.EnumerateFiles(folder, "Calib_Cam*.mat")))
        {
            var variables = SourceData.ReadMat(file);
            double[] Variable(string key, int count)
            {
                var values = SourceData.Numbers(file, variables.GetValueOrDefault(key), key).ToDoubleArray();
                return values.Length == count ? values : throw SourceErrors.Format(file, $"'{key}' has {values.Length} values, expected {count}");
            }

            var kk = Variable("KK", 9);
            var kc = SourceData.Numbers(file, variables.GetValueOrDefault("kc"), "kc").ToDoubleArray();
            list.Add(new CameraCalibration(
                Path.GetFileNameWithoutExtension(file)["Calib_".Length..], 0, 0, kk[0], kk[4], kk[2], kk[5],
                Rotations.FromRodrigues(Variable("om_ext", 3)), Variable("T_ext", 3), kc));
        }

        cache[folder] = list;
        return list;
    }
}
