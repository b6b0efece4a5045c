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

    /// <summary>How many windows a run of <paramref name="runLength"/> valid frames yields.</summary>
    public static int CountInRun(int runLength, int length, int stride) =>
        runLength < length ? 0 : ((runLength - length) / stride) + 1;
}
