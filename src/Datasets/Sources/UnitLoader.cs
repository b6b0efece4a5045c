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

    /// <inheritdoc/>
    public IEnumerable<SequenceLoadResult> Load(string directory, CancellationToken cancellationToken)
    {
        var layout = Layout(directory, DiskRawFileReader.Instance);
        var cameras = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var unit in layout.Units)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var pending in Pending(this, layout, unit, DiskRawFileReader.Instance))
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
