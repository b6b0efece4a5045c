using System.Collections.Concurrent;
using System.Threading.Channels;

namespace PoseCluster.Datasets.AugMotion;

/// <summary>
/// The AugMotion corpus pipeline (ARCHITECTURE §4) over any number of datasets, in two streaming
/// passes so memory stays bounded by the sequences in flight:
/// pass 1 plans every sequence (validation, key frame, Eq. 1 sums per dataset, combined into Ms and
/// Msp and so the canonical triangle); pass 2 reloads each sequence, fits Kabsch onto the triangle,
/// projects every frame, cuts windows, assigns the subject's split, and hands the result to a sink.
/// Sequences are processed in parallel (<see cref="HarmonizerOptions.MaxDegreeOfParallelism"/>); each
/// source is read by one producer, so sources load concurrently with each other and with the workers.
/// </summary>
public sealed class Harmonizer
{
    private readonly HarmonizerOptions _options;

    /// <summary>Creates a pipeline; throws when the options are out of range.</summary>
    public Harmonizer(HarmonizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AugMotion.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.WindowLength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.WindowStride, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxDegreeOfParallelism, 1);
        _options = options;
    }

    /// <summary>Harmonizes every sequence of <paramref name="sources"/> into <paramref name="sink"/>.</summary>
    /// <exception cref="HarmonizationException">No valid frame in any sequence (there is no canonical triangle).</exception>
    public async Task<HarmonizationResult> RunAsync(IReadOnlyList<HarmonizationSource> sources, IHarmonizedSequenceSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(sink);
        var rejected = new ConcurrentBag<ManifestRejection>();

        // Pass 1: plans and per-dataset sums.
        var plans = new ConcurrentDictionary<SequenceKey, SequencePlan>();
        var statistics = new ConcurrentDictionary<string, ReferenceStatistics>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            statistics[source.Dataset] = default;
        }

        await ForEachSequenceAsync(sources, (source, loaded, _) =>
        {
            if (loaded.Sequence is not { } sequence)
            {
                // Named as far as the loader could tell; at least by its file, so each unreadable file is a row of its own.
                var file = loaded.SourcePath.Split('#')[0];
                var skipReason = loaded.SkipReason is { } why && why.StartsWith(file, StringComparison.Ordinal) ? why : $"{loaded.SourcePath}: {loaded.SkipReason}";
                rejected.Add(new(source.Dataset, loaded.Subject ?? "", loaded.SequenceName ?? Path.GetFileNameWithoutExtension(file), "", skipReason));
                return ValueTask.CompletedTask;
            }

            var plan = SequenceHarmonizer.Plan(sequence, _options.AugMotion);
            if (!plans.TryAdd(plan.Key, plan))
            {
                Reject(rejected, plan.Key, $"duplicate sequence (another sequence of {loaded.SourcePath} has the same dataset, subject, action and camera)");
                return ValueTask.CompletedTask;
            }

            if (plan.RejectReason is { } reason)
            {
                Reject(rejected, plan.Key, reason);
            }
            else
            {
                statistics.AddOrUpdate(source.Dataset, plan.Statistics, (_, sum) => sum + plan.Statistics);
            }

            return ValueTask.CompletedTask;
        }, cancellationToken).ConfigureAwait(false);

        var total = statistics.Values.Aggregate(default(ReferenceStatistics), (a, b) => a + b);
        if (total.Frames == 0)
        {
            throw new HarmonizationException(
                string.Join(", ", sources.Select(s => s.Dataset)),
                $"no sequence has a usable frame ({rejected.Count} rejected), so there is no canonical triangle");
        }

        var triangle = CanonicalTriangle.From(total);
        if (sink is ICanonicalTriangleSink needsTriangle)
        {
            await needsTriangle.BeginAsync(triangle, cancellationToken).ConfigureAwait(false);
        }

        // Pass 2: Kabsch, projection, windows, split, sink.
        var done = new ConcurrentDictionary<SequenceKey, byte>();
        var sequences = new ConcurrentBag<ManifestSequence>();
        await ForEachSequenceAsync(sources, async (_, loaded, ct) =>
        {
            if (loaded.Sequence is not { } sequence
                || !plans.TryGetValue(SequenceKey.Of(sequence), out var plan)
                || plan.RejectReason is not null
                || !done.TryAdd(plan.Key, 0))
            {
                return; // skipped, rejected or duplicate: already recorded in pass 1
            }

            var split = _options.Splits.SplitOf(sequence.Dataset, sequence.Subject);
            var harmonized = SequenceHarmonizer.Harmonize(sequence, plan, triangle, _options.WindowLength, _options.WindowStride, split, out var reason);
            if (harmonized is null)
            {
                Reject(rejected, plan.Key, reason!);
                return;
            }

            var file = await sink.WriteAsync(harmonized, ct).ConfigureAwait(false);
            var transform = harmonized.Transform;
            sequences.Add(new(
                sequence.Dataset, sequence.Subject, sequence.Action, sequence.Camera, harmonized.KeyFrame,
                transform.Rotation.ToRows(), transform.Translation.ToArray(), harmonized.RmsdMm,
                sequence.FrameCount, harmonized.WindowStarts.Count, split, file));
        }, cancellationToken).ConfigureAwait(false);

        var manifest = new CorpusManifest(
            triangle.ShoulderWidthMm,
            triangle.ShoulderToPelvisMm,
            new(triangle.LeftShoulder.ToArray(), triangle.RightShoulder.ToArray(), triangle.Pelvis.ToArray()),
            [.. sequences.OrderBy(s => new SequenceKey(s.Dataset, s.Subject, s.Action, s.Camera))],
            [.. rejected.OrderBy(r => new SequenceKey(r.Dataset, r.Subject, r.Action, r.Camera)).ThenBy(r => r.Reason, StringComparer.Ordinal)]);
        return new(manifest, new Dictionary<string, ReferenceStatistics>(statistics, StringComparer.Ordinal));
    }

    private static void Reject(ConcurrentBag<ManifestRejection> rejected, SequenceKey key, string reason) =>
        rejected.Add(new(key.Dataset, key.Subject, key.Action, key.Camera, reason));

    /// <summary>
    /// Streams every source's sequences through a bounded channel (one producer task per source) to
    /// <see cref="HarmonizerOptions.MaxDegreeOfParallelism"/> workers. At most about twice that many
    /// sequences are in memory at once. A loader exception ends the pass and propagates.
    /// </summary>
    private async Task ForEachSequenceAsync(
        IReadOnlyList<HarmonizationSource> sources,
        Func<HarmonizationSource, SequenceLoadResult, CancellationToken, ValueTask> body,
        CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var channel = Channel.CreateBounded<(HarmonizationSource Source, SequenceLoadResult Loaded)>(
            new BoundedChannelOptions(_options.MaxDegreeOfParallelism) { SingleReader = false, SingleWriter = false });
        var producers = sources.Select(source => Task.Run(async () =>
        {
            try
            {
                foreach (var loaded in source.Load(stop.Token))
                {
                    await channel.Writer.WriteAsync((source, loaded), stop.Token).ConfigureAwait(false);
                }
            }
            catch (Exception e)
            {
                // The first failing loader ends the pass for everyone, with its own exception.
                channel.Writer.TryComplete(e);
                throw;
            }
        }, stop.Token)).ToArray();

        var completion = Task.WhenAll(producers).ContinueWith(
            _ => channel.Writer.TryComplete(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism, CancellationToken = stop.Token };
            await Parallel.ForEachAsync(channel.Reader.ReadAllAsync(stop.Token), parallel, (item, ct) => body(item.Source, item.Loaded, ct)).ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await completion.ConfigureAwait(false);
        }
    }
}
