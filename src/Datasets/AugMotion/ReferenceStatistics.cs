using System.Runtime.CompilerServices;
using PoseCluster.Datasets.Geometry;
using PoseCluster.Datasets.Skeleton;

namespace PoseCluster.Datasets.AugMotion;

/// <summary>
/// Streaming sums for paper Eq. 1 over a set of frames: Σ shoulder width, Σ shoulder-midpoint→pelvis
/// distance and the frame count. Sums of sequences, datasets and corpora add up, so Ms and Msp of a
/// corpus are frame-weighted means over every valid frame of every dataset.
/// </summary>
/// <param name="ShoulderWidthSumMm">Σ ‖l_shoulder − r_shoulder‖, mm.</param>
/// <param name="ShoulderToPelvisSumMm">Σ ‖(l_shoulder + r_shoulder)/2 − pelvis‖, mm.</param>
/// <param name="Frames">Number of frames summed.</param>
public readonly record struct ReferenceStatistics(double ShoulderWidthSumMm, double ShoulderToPelvisSumMm, long Frames)
{
    /// <summary>Ms: mean shoulder width, mm (NaN-free: throws when no frame was summed).</summary>
    public double MeanShoulderWidthMm => Frames > 0 ? ShoulderWidthSumMm / Frames : throw new InvalidOperationException("Ms of zero frames");

    /// <summary>Msp: mean shoulder-midpoint→pelvis distance, mm.</summary>
    public double MeanShoulderToPelvisMm => Frames > 0 ? ShoulderToPelvisSumMm / Frames : throw new InvalidOperationException("Msp of zero frames");

    /// <summary>Combined sums.</summary>
    public static ReferenceStatistics operator +(ReferenceStatistics a, ReferenceStatistics b) =>
        new(a.ShoulderWidthSumMm + b.ShoulderWidthSumMm, a.ShoulderToPelvisSumMm + b.ShoulderToPelvisSumMm, a.Frames + b.Frames);

    /// <summary>The sums over the valid frames of one sequence (valid frames are finite; the caller checks).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ReferenceStatistics Of(PoseSequence sequence)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        double width = 0, torso = 0;
        long frames = 0;
        for (var f = 0; f < sequence.FrameCount; f++)
        {
            if (!sequence.Valid[f])
            {
                continue;
            }

            var (left, right, pelvis) = ReferencePoints(sequence.Frame(f));
            width += Vector3d.Distance(left, right);
            torso += Vector3d.Distance(0.5 * (left + right), pelvis);
            frames++;
        }

        return new(width, torso, frames);
    }

    /// <summary>The AugMotion reference points of one frame: left shoulder 11, right shoulder 14, pelvis 0.</summary>
    public static (Vector3d LeftShoulder, Vector3d RightShoulder, Vector3d Pelvis) ReferencePoints(ReadOnlySpan<float> frame) =>
        (Vector3d.At(frame, H36mSkeleton.LeftShoulder), Vector3d.At(frame, H36mSkeleton.RightShoulder), Vector3d.At(frame, H36mSkeleton.Pelvis));
}
