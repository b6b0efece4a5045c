namespace PoseCluster.Models.Training;

/// <summary>A reusable batch buffer: model input (keypoints) and target poses of <see cref="Count"/> clips.</summary>
public sealed class TrainingBatch
{
    internal TrainingBatch(int batchSize, int frames, int joints)
    {
        Input = new float[batchSize * frames * joints * 2];
        Pose3d = new float[batchSize * frames * joints * 3];
    }

    /// <summary>Clips in this batch (the last batch of a pass may be short).</summary>
    public int Count { get; internal set; }

    /// <summary>Keypoints, Count*T*J*2 valid floats.</summary>
    public float[] Input { get; }

    /// <summary>Poses, Count*T*J*3 valid floats, mm.</summary>
    public float[] Pose3d { get; }

    /// <summary>The valid part of <see cref="Input"/>.</summary>
    public ReadOnlySpan<float> InputSpan => Input.AsSpan(0, Input.Length / Capacity * Count);

    /// <summary>The valid part of <see cref="Pose3d"/>.</summary>
    public ReadOnlySpan<float> Pose3dSpan => Pose3d.AsSpan(0, Pose3d.Length / Capacity * Count);

    internal int Capacity { get; init; }
}
