namespace PoseCluster.Datasets.AugMotion;

/// <summary>
/// One dataset to harmonize: its kind name and a way to stream its sequences. The pipeline calls
/// <see cref="Load"/> twice (two passes), so it must yield the same sequences each time.
/// </summary>
/// <param name="Dataset">Dataset kind name (h36m, 3dhp, aistpp, mads).</param>
/// <param name="Load">Streams the dataset's sequences lazily (e.g. <c>ct =&gt; loader.Load(dir, ct)</c>).</param>
public sealed record HarmonizationSource(string Dataset, Func<CancellationToken, IEnumerable<SequenceLoadResult>> Load);
