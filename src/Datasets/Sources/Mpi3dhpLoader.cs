using PoseCluster.Datasets.Ingestion;

namespace PoseCluster.Datasets.Sources;

/// <summary>
/// MPI-INF-3DHP training set: <c>S{1..8}/Seq{1,2}/annot.mat</c> (MAT v5) whose <c>annot3</c> is a cell of
/// 14 cameras, each N x 84 (28 joints x 3, camera frame, mm, y down), with <c>camera.calibration</c>
/// beside it. One sequence per (subject, sequence, camera index). Frame rates are the toolkit's (S1 Seq2,
/// S3, S5 at 50, others 25) and not verified here: <see cref="Mpi3dhpOptions.FpsOverrides"/>.
/// </summary>
internal sealed class Mpi3dhpLoader(Mpi3dhpOptions options) : UnitLoader
{
    /// <summary>
    /// 0 spine3, 1 spine4, 2 spine2, 3 spine, 4 pelvis, 5 neck, 6 head, 7 head_top, 8-12 left clavicle,
    /// shoulder, elbow, wrist, hand, 13-17 the same on the right, 18-22 left hip, knee, ankle, foot, toe,
    /// 23-27 the same on the right.
    /// </summary>
    private const int SourceJoints = 28;

    /// <summary>annot3 is already in millimetres.</summary>
    private const double MillimetresPerUnit = 1.0;

    private const string AnnotationFile = "annot.mat";
    private const string CalibrationFile = "camera.calibration";

    /// <summary>28 → 17: [4, 23, 24, 25, 18, 19, 20, 3, 5, 6, 7, 9, 10, 11, 14, 15, 16] (DATASETS.md).</summary>
    internal static readonly JointMap Map = JointMap.Select(SourceJoints, 4, 23, 24, 25, 18, 19, 20, 3, 5, 6, 7, 9, 10, 11, 14, 15, 16);

    /// <inheritdoc/>
    public override DatasetKind Kind => DatasetKind.Mpi3dhp;

    /// <inheritdoc/>
    public override bool Recognizes(string directory) => AnnotationFiles(directory).Any(f => File.Exists(f.File));

    /// <inheritdoc/>
    public override DatasetLayout Layout(string directory, IRawFileReader reader)
    {
        directory = Path.GetFullPath(directory);
        var units = new List<SourceUnit>();
        foreach (var (subject, sequence, file) in AnnotationFiles(directory))
        {
            var id = SourcePaths.Relative(directory, file);
            units.Add(new SourceUnit(id, [id], subject, sequence, "",
                File.Exists(file) ? null : $"{file}: missing (the sequence folder has no {AnnotationFile})"));
        }

        return new DatasetLayout(Kind, directory, new Dictionary<string, string>(), units);
    }

    /// <inheritdoc/>
    public override IReadOnlyList<PendingSequence> LoadUnit(SourceUnit unit, UnitFiles files)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(files);
        var file = files.FullPath(unit.Id);
        var (subject, sequence) = (unit.Subject, unit.Action);
        var variables = SourceData.ReadMat(files.Bytes(unit.Id), file);
        if (!variables.TryGetValue(options.AnnotationKey, out var cellValue))
        {
            throw SourceErrors.Format(file, $"has no '{options.AnnotationKey}' variable");
        }

        var cell = SourceData.List(file, cellValue, options.AnnotationKey);
        var names = CameraNames(file, variables, cell.Count);
        var fps = options.FpsOf(subject, sequence);
        var pending = new List<PendingSequence>(cell.Count);
        for (var c = 0; c < cell.Count; c++)
        {
            var source = $"{file}#camera {names[c]}";
            var what = $"{options.AnnotationKey}/{c}";
            var element = cell[c];
            var name = names[c];
            pending.Add(new PendingSequence(source, subject, sequence, name, () => SourceErrors.Guard(source, () =>
            {
                var array = SourceData.Numbers(file, element, what);
                SourceData.ExpectShape(file, array, what, -1, SourceJoints * 3);
                var (positions, valid) = Map.Map(array, MillimetresPerUnit);
                var sequenceOfCamera = new PoseSequence(
                    DatasetKinds.NameOf(Kind), subject, sequence, name, fps, options.UpAxis, positions, valid);
                return SequenceLoadResult.Loaded(source, sequenceOfCamera);
            })));
        }

        return pending;
    }

    /// <inheritdoc/>
    protected override PoseSequence WithCameras(string directory, SourceUnit unit, PoseSequence sequence, Dictionary<string, object> cache)
    {
        var calibrationFile = Path.Combine(Path.GetDirectoryName(SourcePaths.Full(directory, unit.Id))!, CalibrationFile);
        if (!cache.TryGetValue(calibrationFile, out var value))
        {
            value = File.Exists(calibrationFile) ? CameraFiles.ReadMpi3dhp(calibrationFile) : new Dictionary<string, CameraCalibration>();
            cache[calibrationFile] = value;
        }

        return sequence with { Calibration = ((IReadOnlyDictionary<string, CameraCalibration>)value).GetValueOrDefault(sequence.Camera) };
    }

    /// <summary>S*/Seq*/annot.mat (present or not) in natural order (S2 before S10).</summary>
    private static IEnumerable<(string Subject, string Sequence, string File)> AnnotationFiles(string directory) =>
        from subjectDir in SourceData.NaturalOrder(Directory.EnumerateDirectories(directory, "S*"))
        from sequenceDir in SourceData.NaturalOrder(Directory.EnumerateDirectories(subjectDir, "Seq*"))
        select (Path.GetFileName(subjectDir), Path.GetFileName(sequenceDir), Path.Combine(sequenceDir, AnnotationFile));

    /// <summary>Camera names from the <c>cameras</c> vector (indices 0..13), or the cell positions when it is absent.</summary>
    private static string[] CameraNames(string file, IReadOnlyDictionary<string, object?> variables, int count)
    {
        if (!variables.TryGetValue("cameras", out var value))
        {
            return [.. Enumerable.Range(0, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        }

        var cameras = SourceData.Numbers(file, value, "cameras").ToDoubleArray();
        if (cameras.Length != count)
        {
            throw SourceErrors.Format(file, $"'cameras' lists {cameras.Length} cameras but the annotation cell has {count}");
        }

        return [.. cameras.Select(c => ((long)c).ToString(System.Globalization.CultureInfo.InvariantCulture))];
    }
}
