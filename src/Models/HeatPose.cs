using PoseCluster.Models.Native;

namespace PoseCluster.Models;

/// <summary>
/// HeatPose on its own (paper §4.2): GMM target volumes, their soft-argmax decoding and the cross-entropy
/// loss, over frames of J joints in mm relative to the cube's centre. Volumes are F*J*G^3 with voxel
/// index (x*G + y)*G + z; voxel k's centre is -extent/2 + (k + 0.5)*extent/G.
/// </summary>
public static unsafe class HeatPose
{
    /// <summary>Target volumes (each summing to 1) of <paramref name="frames"/> poses.</summary>
    public static void Targets(ModelOptions options, ReadOnlySpan<float> pose3d, int frames, Span<float> volumes)
    {
        ArgumentNullException.ThrowIfNull(options);
        NativeMethods.EnsureLoaded();
        var config = options.ToNative();
        fixed (float* p = pose3d)
        fixed (float* v = volumes)
        {
            NativeMethods.Check(NativeMethods.pc_heatpose_targets(config, p, pose3d.Length, frames, v, volumes.Length));
        }
    }

    /// <summary>Joints (mm) decoded from probability volumes.</summary>
    public static void Decode(ModelOptions options, ReadOnlySpan<float> probabilities, int frames, Span<float> joints)
    {
        ArgumentNullException.ThrowIfNull(options);
        NativeMethods.EnsureLoaded();
        var config = options.ToNative();
        fixed (float* p = probabilities)
        fixed (float* j = joints)
        {
            NativeMethods.Check(NativeMethods.pc_heatpose_decode(config, p, probabilities.Length, frames, j, joints.Length));
        }
    }

    /// <summary>Cross-entropy of log-softmax(logits) against the targets of the poses, mean over frames and joints.</summary>
    public static float Loss(ModelOptions options, ReadOnlySpan<float> logits, ReadOnlySpan<float> pose3d, int frames)
    {
        ArgumentNullException.ThrowIfNull(options);
        NativeMethods.EnsureLoaded();
        var config = options.ToNative();
        fixed (float* l = logits)
        fixed (float* p = pose3d)
        {
            NativeMethods.Check(NativeMethods.pc_heatpose_loss(config, l, logits.Length, p, pose3d.Length, frames, out var loss));
            return loss;
        }
    }

    /// <summary>Floats of F frames of volumes.</summary>
    public static long VolumeLength(ModelOptions options, int frames)
    {
        ArgumentNullException.ThrowIfNull(options);
        return (long)frames * options.Joints * options.Grid * options.Grid * options.Grid;
    }
}
