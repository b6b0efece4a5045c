using PoseCluster.Datasets.Ingestion;

namespace PoseCluster.Datasets.Sources;

/// <summary>
/// Human3.6M in the VideoPose3D distribution: <c>data_3d_h36m.npz</c> whose <c>positions_3d</c> is a 0-d
/// object array holding dict[subject][action] → float32 (T, 32, 3), world frame, metres, z up, 50 fps.
/// One sequence per (subject, action), camera "world". Optional: <c>data_2d_h36m_gt.npz</c>
/// (<c>positions_2d</c>: 4 views of (T, 17, 2) pixels; the configured view is attached) and a cameras
/// JSON in VideoPose3D's structure (the npz has none). S11 "Directions" is absent from the common file.
/// The npz holds one pickled dict, so the whole dataset is one unit (the 3D npz with the 2D npz): it is
/// read and parsed once, and its sequences are mapped one at a time.
/// </summary>
internal sealed class H36mLoader(H36mOptions options) : UnitLoader
{
    /// <summary>The 32 joints of the release (VideoPose3D's order).</summary>
    private const int SourceJoints = 32;

    /// <summary>Metres to millimetres.</summary>
    private const double MillimetresPerUnit = 1000.0;

    private const string CamerasKey = "h36m-cameras";

    /// <summary>32 → 17: keep [0, 1, 2, 3, 6, 7, 8, 12, 13, 14, 15, 17, 18, 19, 25, 26, 27] (DATASETS.md).</summary>
    internal static readonly JointMap Map = JointMap.Select(SourceJoints, 0, 1, 2, 3, 6, 7, 8, 12, 13, 14, 15, 17, 18, 19, 25, 26, 27);

    /// <inheritdoc/>
    public override DatasetKind Kind => DatasetKind.H36M;

    /// <inheritdoc/>
    protected override bool UnitIsTheDataset => true;

    /// <inheritdoc/>
    public override bool Recognizes(string directory) => File.Exists(Path.Combine(directory, options.Positions3dFile));

    /// <inheritdoc/>
    public override DatasetLayout Layout(string directory, IRawFileReader reader)
    {
        directory = Path.GetFullPath(directory);
        var file = Path.Combine(directory, options.Positions3dFile);
        if (!File.Exists(file))
        {
            throw SourceErrors.Format(file, "missing (a Human3.6M dataset needs its positions npz)");
        }

        var files = new List<string> { SourcePaths.Relative(directory, file) };
        var file2d = Path.Combine(directory, options.Positions2dFile);
        if (File.Exists(file2d))
        {
            files.Add(SourcePaths.Relative(directory, file2d));
        }

        return new DatasetLayout(Kind, directory, new Dictionary<string, string>(), [new SourceUnit(files[0], files, "", Path.GetFileName(file), "world")]);
    }

    /// <inheritdoc/>
    public override IReadOnlyList<PendingSequence> LoadUnit(SourceUnit unit, UnitFiles files)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(files);
        var file = files.FullPath(unit.Files[0]);
        var subjects = SourceData.Dict(file, SourceData.ReadNpzObject(files.Bytes(unit.Files[0]), file, "positions_3d"), "positions_3d");
        var file2d = unit.Files.Count > 1 ? files.FullPath(unit.Files[1]) : null;
        var positions2d = file2d is null ? null
            : SourceData.Dict(file2d, SourceData.ReadNpzObject(files.Bytes(unit.Files[1]), file2d, "positions_2d"), "positions_2d");
        var pending = new List<PendingSequence>();
        foreach (var (subject, actionsValue) in subjects)
        {
            IReadOnlyDictionary<string, object?> actions;
            try
            {
                actions = SourceData.Dict(file, actionsValue, $"positions_3d/{subject}");
            }
            catch (DatasetFormatException e)
            {
                pending.Add(PendingSequence.Failed($"{file}#{subject}", subject, "", "world", e.Message));
                continue;
            }

            foreach (var (action, positions) in actions)
            {
                var source = $"{file}#{subject}/{action}";
                pending.Add(new PendingSequence(source, subject, action, "world",
                    () => SourceErrors.Guard(source, () => LoadSequence(file, subject, action, positions, (file2d ?? "", positions2d)))));
            }
        }

        return pending;
    }

    /// <inheritdoc/>
    protected override PoseSequence WithCameras(string directory, SourceUnit unit, PoseSequence sequence, Dictionary<string, object> cache)
    {
        if (!cache.TryGetValue(CamerasKey, out var value))
        {
            var file = Path.Combine(directory, options.CamerasFile);
            value = File.Exists(file) ? CameraFiles.ReadH36m(file) : new Dictionary<string, IReadOnlyList<CameraCalibration>>();
            cache[CamerasKey] = value;
        }

        var cameras = ((IReadOnlyDictionary<string, IReadOnlyList<CameraCalibration>>)value).GetValueOrDefault(sequence.Subject);
        if (cameras is null)
        {
            return sequence;
        }

        var calibration = sequence.Keypoints2D is not null && options.Keypoints2dCamera < cameras.Count ? cameras[options.Keypoints2dCamera] : null;
        return sequence with { Calibration = calibration, Cameras = cameras };
    }

    private SequenceLoadResult LoadSequence(
        string file,
        string subject,
        string action,
        object? positions,
        (string File, IReadOnlyDictionary<string, object?>? Subjects) positions2d)
    {
        var source = $"{file}#{subject}/{action}";
        var array = SourceData.Numbers(file, positions, $"positions_3d/{subject}/{action}");
        SourceData.ExpectShape(file, array, $"positions_3d/{subject}/{action}", -1, SourceJoints, 3);
        var (mapped, valid) = Map.Map(array, MillimetresPerUnit);
        var keypoints2d = Keypoints2d(positions2d, subject, action, valid.Length);
        var sequence = new PoseSequence(
            DatasetKinds.NameOf(Kind), subject, action, "world", options.Fps, options.UpAxis, mapped, valid, keypoints2d);
        return SequenceLoadResult.Loaded(source, sequence);
    }

    /// <summary>The configured view's 2D keypoints of one sequence, or null when the 2D file lacks it.</summary>
    private float[]? Keypoints2d((string File, IReadOnlyDictionary<string, object?>? Subjects) positions2d, string subject, string action, int frames)
    {
        var file = positions2d.File;
        if (positions2d.Subjects is null || !positions2d.Subjects.TryGetValue(subject, out var actionsValue))
        {
            return null;
        }

        var actions = SourceData.Dict(file, actionsValue, $"positions_2d/{subject}");
        if (!actions.TryGetValue(action, out var viewsValue))
        {
            return null;
        }

        var views = SourceData.List(file, viewsValue, $"positions_2d/{subject}/{action}");
        if (options.Keypoints2dCamera >= views.Count)
        {
            return null;
        }

        var what = $"positions_2d/{subject}/{action}/{options.Keypoints2dCamera}";
        var view = SourceData.Numbers(file, views[options.Keypoints2dCamera], what);
        SourceData.ExpectShape(file, view, what, frames, 17, 2);
        return view.ToSingleArray();
    }
}
