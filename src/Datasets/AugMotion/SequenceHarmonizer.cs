using System.Runtime.CompilerServices;
using PoseCluster.Datasets.Geometry;
using PoseCluster.Datasets.Windows;

namespace PoseCluster.Datasets.AugMotion;

/// <summary>
/// AugMotion for one sequence, in the two steps the corpus pipeline needs: <see cref="Plan"/> (validate,
/// key frame, Eq. 1 sums; needs nothing from other sequences) and <see cref="Harmonize"/> (Kabsch onto
/// the corpus's canonical triangle, projection of every frame, windows). Degenerate input is rejected
/// with a reason; nothing here produces a NaN from finite input.
/// </summary>
public static class SequenceHarmonizer
{
    /// <summary>Shoulder width below which the shoulders count as one point, mm.</summary>
    public const double MinShoulderWidthMm = 1e-3;

    /// <summary>Distance of the pelvis from the shoulder line below which the three reference points count as collinear, mm.</summary>
    public const double MinPelvisOffShoulderLineMm = 1e-3;

    /// <summary>Up in the universal frame: +z points from the shoulders to the pelvis, so up is −z.</summary>
    public static System.Numerics.Vector3 UniversalUp => new(0, 0, -1);

    /// <summary>Checks the shape and that every valid frame is finite; returns the reason when not, else null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string? Validate(PoseSequence sequence)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        if (sequence.Positions.Length != sequence.FrameCount * PoseSequence.FloatsPerFrame)
        {
            return $"positions hold {sequence.Positions.Length} floats, expected {sequence.FrameCount} frames x 17 x 3";
        }

        var anyValid = false;
        for (var f = 0; f < sequence.FrameCount; f++)
        {
            if (!sequence.Valid[f])
            {
                continue;
            }

            anyValid = true;
            var frame = sequence.Frame(f);
            for (var i = 0; i < frame.Length; i++)
            {
                if (!float.IsFinite(frame[i]))
                {
                    return $"frame {f} is marked valid but joint {i / 3} is NaN or infinite";
                }
            }
        }

        return anyValid ? null : "no valid frames (every frame is NaN or missing)";
    }

    /// <summary>First pass: validation, key frame, the key frame's reference points and the sequence's Eq. 1 sums.</summary>
    public static SequencePlan Plan(PoseSequence sequence, AugMotionOptions options)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        var key = SequenceKey.Of(sequence);
        if (Validate(sequence) is { } invalid)
        {
            return SequencePlan.Rejected(key, sequence.FrameCount, invalid);
        }

        var selection = KeyFrameSelector.Select(sequence, options);
        if (selection.RejectReason is { } reason)
        {
            return SequencePlan.Rejected(key, sequence.FrameCount, reason);
        }

        var (left, right, pelvis) = ReferenceStatistics.ReferencePoints(sequence.Frame(selection.Frame));
        var width = Vector3d.Distance(left, right);
        if (!(width >= MinShoulderWidthMm))
        {
            return SequencePlan.Rejected(key, sequence.FrameCount, $"zero shoulder width in key frame {selection.Frame} ({width:G3} mm)");
        }

        // Distance of the pelvis from the line through both shoulders: |(p − l) × (r − l)| / |r − l|.
        var offLine = Vector3d.Cross(pelvis - left, right - left).Length / width;
        if (!(offLine >= MinPelvisOffShoulderLineMm))
        {
            return SequencePlan.Rejected(key, sequence.FrameCount, $"collinear reference points in key frame {selection.Frame} (pelvis {offLine:G3} mm from the shoulder line)");
        }

        return new(key, sequence.FrameCount, selection.Frame, [left, right, pelvis], ReferenceStatistics.Of(sequence), null);
    }

    /// <summary>
    /// Second pass: Kabsch from the key frame's (left shoulder, right shoulder, pelvis) onto the
    /// canonical triangle, the transform applied to every frame, and the windows. Returns null with a
    /// reason when the plan is rejected, does not match the sequence, or the fit is degenerate.
    /// </summary>
    public static HarmonizedSequence? Harmonize(
        PoseSequence sequence, SequencePlan plan, CanonicalTriangle triangle, int windowLength, int windowStride, string split, out string? rejectReason)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(triangle);
        if (plan.RejectReason is { } planned)
        {
            rejectReason = planned;
            return null;
        }

        if (plan.FrameCount != sequence.FrameCount || plan.Key != SequenceKey.Of(sequence))
        {
            rejectReason = $"the sequence changed between the two passes ({plan.FrameCount} then {sequence.FrameCount} frames)";
            return null;
        }

        var fit = Fit(plan.References, triangle, plan.KeyFrame, out rejectReason);
        if (fit is null)
        {
            return null;
        }

        var projected = new float[sequence.Positions.Length];
        fit.Value.Transform.ApplyToPoints(sequence.Positions, projected);
        return new HarmonizedSequence(
            sequence with { Positions = projected, UpAxis = UniversalUp },
            plan.KeyFrame,
            fit.Value.Transform,
            fit.Value.RmsdMm,
            split,
            windowLength,
            WindowPlanner.Starts(sequence.Valid, windowLength, windowStride));
    }

    /// <summary>
    /// Kabsch from a key frame's (left shoulder, right shoulder, pelvis) onto the canonical triangle;
    /// null with the reason when the fit is degenerate or not finite.
    /// </summary>
    public static KabschResult? Fit(IReadOnlyList<Vector3d> references, CanonicalTriangle triangle, int keyFrame, out string? rejectReason)
    {
        ArgumentNullException.ThrowIfNull(references);
        ArgumentNullException.ThrowIfNull(triangle);
        ReadOnlySpan<Vector3d> canonical = [triangle.LeftShoulder, triangle.RightShoulder, triangle.Pelvis];
        var fit = Kabsch.Fit([references[0], references[1], references[2]], canonical);
        if (fit.IsDegenerate || !fit.Transform.Rotation.IsFinite || !fit.Transform.Translation.IsFinite || !double.IsFinite(fit.RmsdMm))
        {
            rejectReason = $"degenerate Kabsch fit at key frame {keyFrame} (collinear reference points)";
            return null;
        }

        rejectReason = null;
        return fit;
    }
}
