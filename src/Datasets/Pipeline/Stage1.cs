using PoseCluster.Datasets.AugMotion;
using PoseCluster.Datasets.Sources;

namespace PoseCluster.Datasets.Pipeline;

/// <summary>
/// Stage 1 (ARCHITECTURE §4), pure: per sequence, depending only on that sequence's bytes and the
/// stage-1 settings — the loader's 17 joints in mm in the source frame with validity, then validation,
/// the upright filter and k-means key frame, the key frame's reference points and the Eq. 1 partial
/// sums (<see cref="SequenceHarmonizer.Plan"/>), or a rejection with its reason. Nothing here reads a
/// file or touches storage: the caller hands the unit's bytes in and stores the result.
/// </summary>
public static class Stage1
{
    /// <summary>Stage 1 of one loaded sequence.</summary>
    /// <param name="index">Its position in the unit.</param>
    /// <param name="source">Where it came from, relative to the dataset folder.</param>
    /// <param name="sequence">The loaded sequence.</param>
    /// <param name="options">Key-frame settings.</param>
    public static Stage1Result Compute(int index, string source, PoseSequence sequence, AugMotionOptions options)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        ArgumentNullException.ThrowIfNull(options);
        var plan = SequenceHarmonizer.Plan(sequence, options);
        if (plan.RejectReason is { } reason)
        {
            return new(Stage1Sequence.Rejected(index, sequence.Subject, sequence.Action, sequence.Camera, source, reason, sequence.Fps, sequence.FrameCount), null);
        }

        var references = plan.References.SelectMany(p => new[] { p.X, p.Y, p.Z }).ToArray();
        var statistics = plan.Statistics;
        var payload = new Stage1Payload(sequence.Positions, sequence.Valid, sequence.Keypoints2D);
        var checksum = Stage1Blocks.Checksum(payload);
        var length = Stage1Blocks.Length(payload.FrameCount, payload.Keypoints2D is not null);
        var result = new Stage1Sequence(
            index, sequence.Subject, sequence.Action, sequence.Camera, source, sequence.Fps, sequence.FrameCount, ValidRuns(sequence.Valid),
            plan.KeyFrame, references, statistics.ShoulderWidthSumMm, statistics.ShoulderToPelvisSumMm, statistics.Frames,
            sequence.Keypoints2D is not null, new Stage1Block(0, length, checksum), null);
        return new(result, payload);
    }

    /// <summary>Loads one pending sequence (joint map, units, validity) and runs stage 1 on it; a loader skip becomes a rejection.</summary>
    public static Stage1Result Compute(int index, PendingSequence pending, string directory, AugMotionOptions options)
    {
        ArgumentNullException.ThrowIfNull(pending);
        var source = RelativeSource(directory, pending.Source);
        var loaded = pending.Load();
        return loaded.Sequence is { } sequence
            ? Compute(index, source, sequence, options)
            : new(Stage1Sequence.Rejected(index, pending.Subject, pending.Action, pending.Camera, source, RelativeReason(directory, loaded.SkipReason ?? "skipped")), null);
    }

    /// <summary>
    /// Stage 1 of every sequence of a unit whose files are read: parsed once, then each sequence loaded and
    /// computed on up to <paramref name="parallelism"/> cores. The results are in load order with their
    /// blocks laid out back to back (offsets from 0), as the unit's data object stores them.
    /// </summary>
    public static IReadOnlyList<Stage1Result> ComputeUnit(
        IDatasetLoader loader, DatasetLayout layout, SourceUnit unit, UnitFiles files, AugMotionOptions options, int parallelism, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        var pending = UnitLoader.Parse(loader, layout, unit, files);
        var results = new Stage1Result[pending.Count];
        Parallel.For(0, pending.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            i => results[i] = Compute(i, pending[i], layout.Directory, options));
        return LayOut(results);
    }

    /// <summary>The results with their blocks' offsets assigned back to back in index order.</summary>
    public static IReadOnlyList<Stage1Result> LayOut(IReadOnlyList<Stage1Result> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        long offset = 0;
        var laidOut = new List<Stage1Result>(results.Count);
        foreach (var result in results)
        {
            if (result.Payload is not null && result.Sequence.Block is { } where)
            {
                laidOut.Add(result with { Sequence = result.Sequence with { Block = where with { Offset = offset } } });
                offset += where.Bytes;
            }
            else
            {
                laidOut.Add(result);
            }
        }

        return laidOut;
    }

    /// <summary>Runs of valid frames as flattened (start, length) pairs.</summary>
    public static int[] ValidRuns(ReadOnlySpan<bool> valid)
    {
        var runs = new List<int>();
        var f = 0;
        while (f < valid.Length)
        {
            if (!valid[f])
            {
                f++;
                continue;
            }

            var start = f;
            while (f < valid.Length && valid[f])
            {
                f++;
            }

            runs.Add(start);
            runs.Add(f - start);
        }

        return [.. runs];
    }

    private static string RelativeSource(string directory, string source) =>
        SourcePaths.RelativeText(directory, source).Replace(Path.DirectorySeparatorChar, '/');

    private static string RelativeReason(string directory, string reason) => SourcePaths.RelativeText(directory, reason);
}
