using PoseCluster.Datasets.Ingestion;

namespace PoseCluster.Datasets.Sources;

/// <summary>
/// AIST++: <c>keypoints3d/&lt;sequence&gt;.pkl</c>, a pickled dict with <c>keypoints3d</c> and
/// <c>keypoints3d_optim</c>, each (N, 17, 3) COCO order, centimetres, world frame y up, 60 fps, NaN frames.
/// One sequence per keypoints file: subject = the dNN dancer token of its name, action = the name,
/// camera "world", with the cameras of its setting (<c>cameras/mapping.txt</c> → <c>cameras/&lt;setting&gt;.json</c>).
/// Sequences in <c>ignore_list.txt</c> are skipped.
/// </summary>
internal sealed class AistppLoader(AistppOptions options) : UnitLoader
{
    /// <summary>COCO-17: 0 nose, 1-2 eyes (l, r), 3-4 ears, 5-6 shoulders, 7-8 elbows, 9-10 wrists, 11-12 hips, 13-14 knees, 15-16 ankles.</summary>
    private const int SourceJoints = 17;

    /// <summary>Centimetres to millimetres.</summary>
    private const double MillimetresPerUnit = 10.0;

    private const string KeypointsFolder = "keypoints3d";
    private const string IgnoreListFile = "ignore_list.txt";
    private const string CamerasFolder = "cameras";
    private const string MappingFile = "mapping.txt";

    private const int LeftHip = 11, RightHip = 12, LeftShoulder = 5, RightShoulder = 6;

    /// <summary>
    /// COCO → H36M-17 (DATASETS.md): pelvis = mean(11, 12); thorax = mean(5, 6); spine = mean(pelvis,
    /// thorax) = mean(5, 6, 11, 12); neck/nose = 0; head = mean(1, 2); limbs one to one. Head and spine
    /// are approximations.
    /// </summary>
    internal static readonly JointMap Map = JointMap.Average(
        SourceJoints,
        [LeftHip, RightHip],
        [12], [14], [16],
        [11], [13], [15],
        [LeftShoulder, RightShoulder, LeftHip, RightHip],
        [LeftShoulder, RightShoulder],
        [0],
        [1, 2],
        [5], [7], [9],
        [6], [8], [10]);

    /// <inheritdoc/>
    public override DatasetKind Kind => DatasetKind.AistPlusPlus;

    /// <inheritdoc/>
    public override bool Recognizes(string directory) =>
        Directory.Exists(Path.Combine(directory, KeypointsFolder)) &&
        Directory.EnumerateFiles(Path.Combine(directory, KeypointsFolder), "*.pkl").Any();

    /// <inheritdoc/>
    public override DatasetLayout Layout(string directory, IRawFileReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        directory = Path.GetFullPath(directory);
        var keypoints = Path.Combine(directory, KeypointsFolder);
        if (!Directory.Exists(keypoints))
        {
            throw SourceErrors.Format(keypoints, "folder is missing");
        }

        var listFiles = new Dictionary<string, string>(StringComparer.Ordinal);
        var ignoreList = Path.Combine(directory, IgnoreListFile);
        HashSet<string> ignored = [];
        if (File.Exists(ignoreList))
        {
            var (lines, sha256) = SourceData.ReadTextLines(ignoreList, reader);
            ignored = [.. lines.Select(l => l.Trim()).Where(l => l.Length > 0)];
            listFiles[IgnoreListFile] = sha256;
        }

        var units = new List<SourceUnit>();
        foreach (var file in Directory.EnumerateFiles(keypoints, "*.pkl").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var id = SourcePaths.Relative(directory, file);
            units.Add(new SourceUnit(id, [id], DancerOf(name) ?? "", name, "world",
                ignored.Contains(name) ? $"{name} is listed in {IgnoreListFile}" : null));
        }

        return new DatasetLayout(Kind, directory, listFiles, units);
    }

    /// <inheritdoc/>
    public override IReadOnlyList<PendingSequence> LoadUnit(SourceUnit unit, UnitFiles files)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(files);
        var file = files.FullPath(unit.Id);
        var name = unit.Action;
        var subject = DancerOf(name) ?? throw SourceErrors.Format(file, $"sequence name '{name}' has no dNN dancer token");
        var content = SourceData.Dict(file, SourceData.ReadPickle(files.Bytes(unit.Id), file), "pickle");
        return [new PendingSequence(file, subject, name, "world", () => SourceErrors.Guard(file, () =>
        {
            var key = content.ContainsKey(options.PreferredKey) ? options.PreferredKey
                : content.ContainsKey(options.FallbackKey) ? options.FallbackKey
                : throw SourceErrors.Format(file, $"has neither '{options.PreferredKey}' nor '{options.FallbackKey}'");
            var array = SourceData.Numbers(file, content[key], key);
            SourceData.ExpectShape(file, array, key, -1, SourceJoints, 3);
            var (positions, valid) = Map.Map(array, MillimetresPerUnit);
            var sequence = new PoseSequence(DatasetKinds.NameOf(Kind), subject, name, "world", options.Fps, options.UpAxis, positions, valid);
            return SequenceLoadResult.Loaded(file, sequence);
        }))];
    }

    /// <inheritdoc/>
    protected override PoseSequence WithCameras(string directory, SourceUnit unit, PoseSequence sequence, Dictionary<string, object> cache)
    {
        if (!cache.TryGetValue(MappingFile, out var mapping))
        {
            mapping = ReadMapping(Path.Combine(directory, CamerasFolder, MappingFile));
            cache[MappingFile] = mapping;
        }

        if (!((Dictionary<string, string>)mapping).TryGetValue(unit.Action, out var setting))
        {
            return sequence;
        }

        if (!cache.TryGetValue("setting:" + setting, out var cameras))
        {
            var file = Path.Combine(directory, CamerasFolder, setting + ".json");
            cameras = File.Exists(file) ? CameraFiles.ReadAistpp(file) : throw SourceErrors.Format(file, $"camera setting '{setting}' of {MappingFile} is missing");
            cache["setting:" + setting] = cameras;
        }

        return sequence with { Cameras = (IReadOnlyList<CameraCalibration>)cameras };
    }

    /// <summary>The dancer token (d01..d30) of a sequence name such as gBR_sBM_cAll_d04_mBR0_ch01.</summary>
    internal static string? DancerOf(string name) =>
        name.Split('_').FirstOrDefault(t => t.Length == 3 && t[0] == 'd' && char.IsAsciiDigit(t[1]) && char.IsAsciiDigit(t[2]));

    /// <summary>mapping.txt: "&lt;sequence&gt; &lt;setting&gt;" a line; absent means no cameras.</summary>
    private static Dictionary<string, string> ReadMapping(string file)
    {
        var mapping = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(file))
        {
            return mapping;
        }

        var lineNumber = 0;
        foreach (var line in SourceData.ReadTextLines(file))
        {
            lineNumber++;
            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0)
            {
                continue;
            }

            mapping[parts[0]] = parts.Length == 2 ? parts[1] : throw SourceErrors.Format(file, $"line {lineNumber}: expected '<sequence> <setting>'");
        }

        return mapping;
    }
}
