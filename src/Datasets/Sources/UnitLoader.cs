using PoseCluster.Datasets.Ingestion;

namespace PoseCluster.Datasets.Sources;

/// <summary>
/// What the four loaders share: <see cref="Load"/> as layout → read each unit once → parse → map each
/// sequence → attach the cameras; the loaders supply the layout, the unit parser and the cameras.
/// </summary>
internal abstract class UnitLoader : IDatasetLoader
{
    /// <inheritdoc/>
    public abstract DatasetKind Kind { get; }

    /// <inheritdoc/>
    public abstract bool Recognizes(string directory);

    /// <inheritdoc/>
    public abstract DatasetLayout Layout(string directory, IRawFileReader reader);

    /// <inheritdoc/>
    public abstract IReadOnlyList<PendingSequence> LoadUnit(SourceUnit unit, UnitFiles files);

    /// <summary>
    /// True when one unit is the whole dataset (Human3.6M's npz): then <see cref="Load"/> reports an
    /// unreadable unit as the dataset's error rather than as one skipped sequence. (Stage 1 still records
    /// it as a rejection named by the file, so the other datasets of a corpus go on.)
    /// </summary>
    protected virtual bool UnitIsTheDataset => false;

    /// <inheritdoc/>
    public IEnumerable<SequenceLoadResult> Load(string directory, CancellationToken cancellationToken)
    {
        var layout = Layout(directory, DiskRawFileReader.Instance);
        var cameras = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var unit in layout.Units)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var pendings = UnitIsTheDataset && unit.SkipReason is null
                ? LoadUnit(unit, UnitFiles.Read(layout.Directory, unit, DiskRawFileReader.Instance))
                : Pending(this, layout, unit, DiskRawFileReader.Instance);
            foreach (var pending in pendings)
            {
                var result = pending.Load();
                yield return result.Sequence is { } sequence
                    ? SourceErrors.Guard(result.SourcePath, () => SequenceLoadResult.Loaded(result.SourcePath, WithCameras(layout.Directory, unit, sequence, cameras)))
                    : result;
            }
        }
    }

    /// <summary>
    /// The pending sequences of one unit read through <paramref name="reader"/>; a skipped unit, or one
    /// whose files cannot be read or parsed, is a single failed sequence named by the unit.
    /// </summary>
    public static IReadOnlyList<PendingSequence> Pending(IDatasetLoader loader, DatasetLayout layout, SourceUnit unit, IRawFileReader reader)
    {
        if (unit.SkipReason is { } reason)
        {
            return [Failed(layout, unit, reason)];
        }

        UnitFiles files;
        try
        {
            files = UnitFiles.Read(layout.Directory, unit, reader);
        }
        catch (Exception e) when (SourceErrors.IsBadSequence(e))
        {
            return [Failed(layout, unit, SourceErrors.Reason(layout.FullPath(unit.Id), e))];
        }

        return Parse(loader, layout, unit, files);
    }

    /// <summary>The pending sequences of a unit whose files are already read; a parse failure is a single failed sequence.</summary>
    public static IReadOnlyList<PendingSequence> Parse(IDatasetLoader loader, DatasetLayout layout, SourceUnit unit, UnitFiles files)
    {
        try
        {
            return loader.LoadUnit(unit, files);
        }
        catch (Exception e) when (SourceErrors.IsBadSequence(e))
        {
            return [Failed(layout, unit, SourceErrors.Reason(layout.FullPath(unit.Id), e))];
        }
    }

    /// <summary>
    /// The sequence with the cameras of its recording attached (read from the camera files, cached in
    /// <paramref name="cache"/> for the rest of the load).
    /// </summary>
    protected abstract PoseSequence WithCameras(string directory, SourceUnit unit, PoseSequence sequence, Dictionary<string, object> cache);

    private static PendingSequence Failed(DatasetLayout layout, SourceUnit unit, string reason) =>
        PendingSequence.Failed(layout.FullPath(unit.Id), unit.Subject, unit.Action, unit.Camera, reason);
}
