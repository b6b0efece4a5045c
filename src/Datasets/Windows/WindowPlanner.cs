namespace PoseCluster.Datasets.Windows;

/// <summary>
/// Sliding windows over a sequence (ARCHITECTURE §4): length T, stride S, never across a sequence
/// boundary or an invalid frame. Each maximal run of valid frames is windowed on its own from its
/// first frame (starts at run start + k·S while the window fits); a trailing partial window is
/// dropped. A run of L ≥ T valid frames thus yields ⌊(L − T)/S⌋ + 1 windows.
/// </summary>
public static class WindowPlanner
{
    /// <summary>The first frame of every window.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Length or stride below 1.</exception>
    public static IReadOnlyList<int> Starts(ReadOnlySpan<bool> valid, int length, int stride)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        var starts = new List<int>();
        var f = 0;
        while (f < valid.Length)
        {
            if (!valid[f])
            {
                f++;
                continue;
            }

            var runStart = f;
            while (f < valid.Length && valid[f])
            {
                f++;
            }

            for (var s = runStart; s + length <= f; s += stride)
            {
                starts.Add(s);
            }
        }

        return starts;
    }

    /// <summary>
    /// The first frame of every window from the runs of valid frames (flattened start, length pairs, in
    /// frame order, as stage 1 stores them): the same starts as <see cref="Starts"/> on the flags.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Length or stride below 1.</exception>
    /// <exception cref="ArgumentException">The runs are not start, length pairs.</exception>
    public static int[] StartsFromRuns(ReadOnlySpan<int> runs, int length, int stride)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        if (runs.Length % 2 != 0)
        {
            throw new ArgumentException("valid runs come as start, length pairs", nameof(runs));
        }

        var count = 0;
        for (var r = 0; r < runs.Length; r += 2)
        {
            count += CountInRun(runs[r + 1], length, stride);
        }

        var starts = new int[count];
        var at = 0;
        for (var r = 0; r < runs.Length; r += 2)
        {
            for (var s = runs[r]; s + length <= runs[r] + runs[r + 1]; s += stride)
            {
                starts[at++] = s;
            }
        }

        return starts;
    }

    /// <summary>How many windows a run of <paramref name="runLength"/> valid frames yields.</summary>
    public static int CountInRun(int runLength, int length, int stride) =>
        runLength < length ? 0 : ((runLength - length) / stride) + 1;
}
