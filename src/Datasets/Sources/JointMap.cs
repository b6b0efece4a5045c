using System.Runtime.CompilerServices;
using PoseCluster.Datasets.Skeleton;

namespace PoseCluster.Datasets.Sources;

/// <summary>
/// Maps a source skeleton's frames (J joints x 3) to the 17-joint H36M skeleton: each target joint is
/// one source joint or the mean of several (AIST++ pelvis = mean of the hips), scaled to millimetres.
/// A frame with any NaN among the joints it uses becomes invalid, with all its coordinates NaN.
/// </summary>
internal sealed class JointMap
{
    // _sources[t] = the source joints whose mean is target joint t.
    private readonly int[][] _sources;

    // For a map where every target is one source joint: the source value index of each of the 51 target values.
    private readonly int[]? _selected;

    private JointMap(int sourceJointCount, int[][] sources)
    {
        if (sources.Length != H36mSkeleton.JointCount)
        {
            throw new ArgumentException($"a joint map needs {H36mSkeleton.JointCount} targets, got {sources.Length}", nameof(sources));
        }

        foreach (var source in sources.SelectMany(s => s))
        {
            ArgumentOutOfRangeException.ThrowIfNegative(source);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(source, sourceJointCount);
        }

        SourceJointCount = sourceJointCount;
        _sources = sources;
        if (sources.All(s => s.Length == 1))
        {
            _selected = [.. Enumerable.Range(0, PoseSequence.FloatsPerFrame).Select(v => (sources[v / 3][0] * 3) + (v % 3))];
        }
    }

    /// <summary>Number of joints per source frame.</summary>
    public int SourceJointCount { get; }

    /// <summary>A map where target joint t is source joint <paramref name="indices"/>[t].</summary>
    public static JointMap Select(int sourceJointCount, params int[] indices) =>
        new(sourceJointCount, [.. indices.Select(i => new[] { i })]);

    /// <summary>A map where target joint t is the mean of the source joints <paramref name="sources"/>[t].</summary>
    public static JointMap Average(int sourceJointCount, params int[][] sources) => new(sourceJointCount, sources);

    /// <summary>The source joints target joint <paramref name="target"/> is the mean of.</summary>
    public IReadOnlyList<int> SourcesOf(int target) => _sources[target];

    /// <summary>
    /// Maps one frame: <paramref name="frame"/> is J x 3 source values, <paramref name="target"/> 17 x 3,
    /// every value multiplied by <paramref name="scale"/>. False (and NaN everywhere) when a used value is NaN.
    /// </summary>
    public bool MapFrame(ReadOnlySpan<double> frame, double scale, Span<float> target) => MapFrame<double>(frame, scale, target);

    /// <summary>Maps frames x J x 3 source values (frame-major) into 17-joint positions and validity flags.</summary>
    public (float[] Positions, bool[] Valid) Map(ReadOnlySpan<double> frames, double scale) => MapFrames(frames, scale);

    /// <summary>
    /// Maps a numeric array of frames x J x 3 (any shape whose C-order elements are that): float32 and
    /// float64 arrays in C order are read in place, anything else is converted to double first. Every
    /// value goes through the same double arithmetic, so the result does not depend on the path.
    /// </summary>
    public (float[] Positions, bool[] Valid) Map(Formats.NdArray array, double scale)
    {
        ArgumentNullException.ThrowIfNull(array);
        if (!array.FortranOrder && array.TryGetLittleEndianBytes(out var bytes))
        {
            if (array.DType == "float32")
            {
                return MapFrames(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes), scale);
            }

            if (array.DType == "float64")
            {
                return MapFrames(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(bytes), scale);
            }
        }

        return MapFrames<double>(array.ToDoubleArray(), scale);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool MapFrame<T>(ReadOnlySpan<T> frame, double scale, Span<float> target)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        if (frame.Length != SourceJointCount * 3 || target.Length != PoseSequence.FloatsPerFrame)
        {
            throw new ArgumentException($"expected {SourceJointCount} x 3 source values and {PoseSequence.FloatsPerFrame} target values");
        }

        for (var t = 0; t < _sources.Length; t++)
        {
            var joints = _sources[t];
            for (var axis = 0; axis < 3; axis++)
            {
                var sum = 0.0;
                foreach (var j in joints)
                {
                    sum += double.CreateTruncating(frame[(j * 3) + axis]);
                }

                var value = sum / joints.Length * scale;
                if (double.IsNaN(value))
                {
                    target.Fill(float.NaN);
                    return false;
                }

                target[(t * 3) + axis] = (float)value;
            }
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (float[] Positions, bool[] Valid) MapFrames<T>(ReadOnlySpan<T> frames, double scale)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var floatsPerSourceFrame = SourceJointCount * 3;
        if (frames.Length % floatsPerSourceFrame != 0)
        {
            throw new ArgumentException($"{frames.Length} values are not whole frames of {SourceJointCount} x 3");
        }

        var count = frames.Length / floatsPerSourceFrame;
        var positions = GC.AllocateUninitializedArray<float>(count * PoseSequence.FloatsPerFrame);
        var valid = new bool[count];
        if (_selected is { } selected)
        {
            // One source joint per target: (0 + value)·scale in double, rounded to float once — the bits the
            // general mean (a sum from 0 of one value, divided by 1) gives, −0 included.
            for (var f = 0; f < count; f++)
            {
                var frame = frames.Slice(f * floatsPerSourceFrame, floatsPerSourceFrame);
                var target = positions.AsSpan(f * PoseSequence.FloatsPerFrame, PoseSequence.FloatsPerFrame);
                var ok = true;
                for (var v = 0; v < target.Length; v++)
                {
                    var value = (float)((0.0 + double.CreateTruncating(frame[selected[v]])) * scale);
                    ok &= !float.IsNaN(value);
                    target[v] = value;
                }

                valid[f] = ok;
                if (!ok)
                {
                    target.Fill(float.NaN);
                }
            }

            return (positions, valid);
        }

        for (var f = 0; f < count; f++)
        {
            valid[f] = MapFrame(
                frames.Slice(f * floatsPerSourceFrame, floatsPerSourceFrame),
                scale,
                positions.AsSpan(f * PoseSequence.FloatsPerFrame, PoseSequence.FloatsPerFrame));
        }

        return (positions, valid);
    }
}
