using PoseCluster.Datasets.Geometry;
using PoseCluster.Datasets.Skeleton;

namespace PoseCluster.Datasets.Metrics;

/// <summary>
/// The evaluation metrics of DATASETS.md (as VideoPose3D and the 3DHP toolkit define them). Every
/// function takes a prediction and a ground truth of shape frames x 17 x 3 (flat, row-major, mm, the
/// H36M joint order), checks the shapes first, and works root-relative on the pelvis (joint 0).
/// Inputs must be finite: a NaN anywhere is refused rather than averaged into a NaN result.
/// </summary>
public static class PoseMetrics
{
    /// <summary>Floats per frame (17 joints x 3).</summary>
    private const int Stride = H36mSkeleton.JointCount * 3;

    /// <summary>The PCK/AUC threshold of the 3DHP protocol, mm.</summary>
    public const double PckThresholdMm = 150;

    /// <summary>
    /// The 14 joints PCK and AUC are computed over: every joint except pelvis 0, spine 7 and neck/nose 9
    /// (the joints the 3DHP evaluation leaves out).
    /// </summary>
    public static IReadOnlyList<int> PckJoints { get; } = [1, 2, 3, 4, 5, 6, 8, 10, 11, 12, 13, 14, 15, 16];

    /// <summary>MPJPE, mm: mean over frames and all 17 joints of ‖(p̂ⱼ − p̂₀) − (pⱼ − p₀)‖.</summary>
    public static double Mpjpe(ReadOnlySpan<float> predicted, ReadOnlySpan<float> groundTruth)
    {
        var frames = CheckShapes(predicted, groundTruth);
        double sum = 0;
        for (var f = 0; f < frames; f++)
        {
            var p = predicted.Slice(f * Stride, Stride);
            var g = groundTruth.Slice(f * Stride, Stride);
            var p0 = Vector3d.At(p, 0);
            var g0 = Vector3d.At(g, 0);
            for (var j = 0; j < H36mSkeleton.JointCount; j++)
            {
                sum += ((Vector3d.At(p, j) - p0) - (Vector3d.At(g, j) - g0)).Length;
            }
        }

        return sum / (frames * H36mSkeleton.JointCount);
    }

    /// <summary>
    /// P-MPJPE (protocol 2), mm: per frame, align the prediction to the ground truth by Procrustes with
    /// scale and the reflection fix (<see cref="Procrustes.AlignWithScale"/>), then MPJPE over the 17
    /// joints. Invariant under any similarity transform of the prediction; translation-invariant, so
    /// root-relative input gives the same value.
    /// </summary>
    public static double PMpjpe(ReadOnlySpan<float> predicted, ReadOnlySpan<float> groundTruth)
    {
        var frames = CheckShapes(predicted, groundTruth);
        Span<float> aligned = stackalloc float[Stride];
        double sum = 0;
        for (var f = 0; f < frames; f++)
        {
            var g = groundTruth.Slice(f * Stride, Stride);
            try
            {
                Procrustes.AlignWithScale(predicted.Slice(f * Stride, Stride), g, aligned);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"P-MPJPE frame {f}: {e.Message}", e);
            }

            for (var j = 0; j < H36mSkeleton.JointCount; j++)
            {
                sum += (Vector3d.At(aligned, j) - Vector3d.At(g, j)).Length;
            }
        }

        return sum / (frames * H36mSkeleton.JointCount);
    }

    /// <summary>
    /// N-MPJPE, mm: per frame, root-relative prediction p and ground truth g, scale
    /// s = Σ(g·p) / Σ(p²) over joints and coordinates, then the mean of ‖s·p − g‖.
    /// </summary>
    /// <exception cref="ArgumentException">Shapes differ, a value is non-finite, or a predicted frame has every joint at the pelvis (s undefined).</exception>
    public static double NMpjpe(ReadOnlySpan<float> predicted, ReadOnlySpan<float> groundTruth)
    {
        var frames = CheckShapes(predicted, groundTruth);
        double sum = 0;
        for (var f = 0; f < frames; f++)
        {
            var p = predicted.Slice(f * Stride, Stride);
            var g = groundTruth.Slice(f * Stride, Stride);
            var p0 = Vector3d.At(p, 0);
            var g0 = Vector3d.At(g, 0);
            double cross = 0, norm = 0;
            for (var j = 0; j < H36mSkeleton.JointCount; j++)
            {
                var pj = Vector3d.At(p, j) - p0;
                cross += Vector3d.Dot(Vector3d.At(g, j) - g0, pj);
                norm += pj.LengthSquared;
            }

            if (!(norm > 0))
            {
                throw new ArgumentException($"N-MPJPE frame {f}: every predicted joint is at the pelvis, so the scale is undefined");
            }

            var s = cross / norm;
            for (var j = 0; j < H36mSkeleton.JointCount; j++)
            {
                sum += ((s * (Vector3d.At(p, j) - p0)) - (Vector3d.At(g, j) - g0)).Length;
            }
        }

        return sum / (frames * H36mSkeleton.JointCount);
    }

    /// <summary>
    /// MPJVE, mm per frame: the mean over consecutive frame pairs and 17 joints of ‖Δp̂ − Δp‖, with Δ
    /// the root-relative position difference between frame t and t−1.
    /// </summary>
    /// <exception cref="ArgumentException">Shapes differ, a value is non-finite, or fewer than 2 frames (no velocity exists).</exception>
    public static double Mpjve(ReadOnlySpan<float> predicted, ReadOnlySpan<float> groundTruth)
    {
        var frames = CheckShapes(predicted, groundTruth);
        if (frames < 2)
        {
            throw new ArgumentException("MPJVE needs at least 2 frames");
        }

        double sum = 0;
        for (var f = 1; f < frames; f++)
        {
            var p = predicted.Slice(f * Stride, Stride);
            var g = groundTruth.Slice(f * Stride, Stride);
            var pp = predicted.Slice((f - 1) * Stride, Stride);
            var gp = groundTruth.Slice((f - 1) * Stride, Stride);
            Vector3d p0 = Vector3d.At(p, 0), g0 = Vector3d.At(g, 0), pp0 = Vector3d.At(pp, 0), gp0 = Vector3d.At(gp, 0);
            for (var j = 0; j < H36mSkeleton.JointCount; j++)
            {
                var predictedVelocity = (Vector3d.At(p, j) - p0) - (Vector3d.At(pp, j) - pp0);
                var trueVelocity = (Vector3d.At(g, j) - g0) - (Vector3d.At(gp, j) - gp0);
                sum += (predictedVelocity - trueVelocity).Length;
            }
        }

        return sum / ((frames - 1) * H36mSkeleton.JointCount);
    }

    /// <summary>
    /// PCK, percent: the share of the 14 <see cref="PckJoints"/> over all frames whose root-relative
    /// error is below <paramref name="thresholdMm"/> (strictly less, as DATASETS.md states).
    /// </summary>
    public static double Pck(ReadOnlySpan<float> predicted, ReadOnlySpan<float> groundTruth, double thresholdMm = PckThresholdMm)
    {
        var frames = CheckShapes(predicted, groundTruth);
        var errors = RootRelativePckErrors(predicted, groundTruth, frames);
        return PercentBelow(errors, thresholdMm);
    }

    /// <summary>
    /// AUC, percent: the mean of <see cref="Pck"/> over the 31 thresholds 0, 5, ..., 150 mm (the 3DHP
    /// protocol).
    /// </summary>
    public static double Auc(ReadOnlySpan<float> predicted, ReadOnlySpan<float> groundTruth)
    {
        var frames = CheckShapes(predicted, groundTruth);
        var errors = RootRelativePckErrors(predicted, groundTruth, frames);
        double sum = 0;
        for (var step = 0; step <= 30; step++)
        {
            sum += PercentBelow(errors, step * 5.0);
        }

        return sum / 31;
    }

    /// <summary>All six metrics at once (what <c>posecluster eval</c> prints).</summary>
    public static PoseMetricSummary Evaluate(ReadOnlySpan<float> predicted, ReadOnlySpan<float> groundTruth) => new(
        Mpjpe(predicted, groundTruth),
        PMpjpe(predicted, groundTruth),
        NMpjpe(predicted, groundTruth),
        Mpjve(predicted, groundTruth),
        Pck(predicted, groundTruth),
        Auc(predicted, groundTruth));

    /// <summary>Checks that both arrays are frames x 17 x 3 of the same shape, at least one frame, all finite; returns the frame count.</summary>
    private static int CheckShapes(ReadOnlySpan<float> predicted, ReadOnlySpan<float> groundTruth)
    {
        if (predicted.Length != groundTruth.Length)
        {
            throw new ArgumentException($"prediction has {predicted.Length / (double)Stride} frames of 17 x 3 and ground truth {groundTruth.Length / (double)Stride}: shapes must match");
        }

        if (predicted.Length == 0 || predicted.Length % Stride != 0)
        {
            throw new ArgumentException($"poses must be frames x 17 x 3 with at least one frame (got {predicted.Length} floats)");
        }

        CheckFinite(predicted, "prediction");
        CheckFinite(groundTruth, "ground truth");
        return predicted.Length / Stride;
    }

    private static void CheckFinite(ReadOnlySpan<float> values, string name)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                throw new ArgumentException($"{name} frame {i / Stride} joint {i % Stride / 3} is not finite");
            }
        }
    }

    private static double[] RootRelativePckErrors(ReadOnlySpan<float> predicted, ReadOnlySpan<float> groundTruth, int frames)
    {
        var errors = new double[frames * PckJoints.Count];
        var n = 0;
        for (var f = 0; f < frames; f++)
        {
            var p = predicted.Slice(f * Stride, Stride);
            var g = groundTruth.Slice(f * Stride, Stride);
            var p0 = Vector3d.At(p, 0);
            var g0 = Vector3d.At(g, 0);
            foreach (var j in PckJoints)
            {
                errors[n++] = ((Vector3d.At(p, j) - p0) - (Vector3d.At(g, j) - g0)).Length;
            }
        }

        return errors;
    }

    private static double PercentBelow(double[] errors, double threshold)
    {
        var below = 0;
        foreach (var e in errors)
        {
            if (e < threshold)
            {
                below++;
            }
        }

        return 100.0 * below / errors.Length;
    }
}
