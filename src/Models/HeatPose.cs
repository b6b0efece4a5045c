using PoseCluster.Models.Heatmaps;
using TorchSharp;
using static TorchSharp.torch;

namespace PoseCluster.Models;

/// <summary>
/// HeatPose on its own (paper §4.2): GMM target volumes, their decoding and the cross-entropy loss, over
/// frames of J joints in mm. Volumes are F*J*G³ floats with voxel index (x·G + y)·G + z; voxel k's centre is
/// −extent/2 + (k + ½)·extent/G relative to the frame's root joint.
/// </summary>
public static class HeatPose
{
    /// <summary>Target volumes (each summing to 1) of <paramref name="frames"/> poses (F*J*3 mm).</summary>
    public static void Targets(ModelOptions options, ReadOnlySpan<float> pose3d, int frames, Span<float> volumes)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        new HeatPoseTargetBuilder(options).Build(pose3d, frames, volumes);
    }

    /// <summary>Root-relative joints (F*J*3 mm) decoded from probability volumes (F*J*G³).</summary>
    public static void Decode(ModelOptions options, ReadOnlySpan<float> probabilities, int frames, Span<float> joints)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        new HeatPoseDecoder(options).Decode(probabilities, frames, joints);
    }

    /// <summary>Cross-entropy of log-softmax(logits) against the targets of the poses, mean over frames and joints.</summary>
    public static float Loss(ModelOptions options, ReadOnlySpan<float> logits, ReadOnlySpan<float> pose3d, int frames)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var length = VolumeLength(options, frames);
        if (logits.Length != length)
        {
            throw new InputShapeException("logits", logits.Length, length, $"{frames} frames x {options.Joints} joints x {options.Grid}^3");
        }

        var targets = new float[length];
        new HeatPoseTargetBuilder(options).Build(pose3d, frames, targets);
        using var scope = NewDisposeScope();
        long[] shape = [frames, options.Joints, (long)options.Grid * options.Grid * options.Grid];
        return CrossEntropy(torch.tensor(logits.ToArray(), shape), torch.tensor(targets, shape)).item<float>();
    }

    /// <summary>Floats of F frames of volumes.</summary>
    public static long VolumeLength(ModelOptions options, int frames)
    {
        ArgumentNullException.ThrowIfNull(options);
        return (long)frames * options.Joints * options.Grid * options.Grid * options.Grid;
    }

    /// <summary>−Σ target·log-softmax(logits) over voxels, mean over frames and joints: logits and targets [F, J, G³].</summary>
    internal static Tensor CrossEntropy(Tensor logits, Tensor targets)
    {
        using var logProbabilities = logits.log_softmax(-1);
        using var weighted = targets * logProbabilities;
        using var perVolume = weighted.sum(-1);
        return perVolume.mean().neg();
    }
}
