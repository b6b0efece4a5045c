using System.Text.Json.Serialization;
using PoseCluster.Datasets.Geometry;

namespace PoseCluster.Datasets.Pipeline;

/// <summary>
/// Stage 2's small result for one sequence and one canonical triangle: the Kabsch transform
/// (u = R·p + t from the source frame to the universal frame), its residual, the split and the number
/// of windows — or the reason the sequence is rejected.
/// </summary>
/// <param name="Rotation">R, 9 doubles row-major (empty when rejected).</param>
/// <param name="Translation">t, mm (empty when rejected).</param>
/// <param name="RmsdMm">Kabsch residual of the key frame's three reference points, mm.</param>
/// <param name="Split">train, val or test.</param>
/// <param name="Windows">Clips cut from the sequence.</param>
/// <param name="RejectReason">Why the sequence cannot be projected, or null.</param>
public sealed record SequenceProjection(
    [property: JsonPropertyName("rotation")] double[] Rotation,
    [property: JsonPropertyName("translation")] double[] Translation,
    [property: JsonPropertyName("rmsd_mm")] double RmsdMm,
    [property: JsonPropertyName("split")] string Split,
    [property: JsonPropertyName("windows")] int Windows,
    [property: JsonPropertyName("reject")] string? RejectReason)
{
    /// <summary>The transform.</summary>
    public RigidTransform Transform() =>
        Rotation.Length == 9 && Translation.Length == 3
            ? new(new Matrix3x3d(Rotation[0], Rotation[1], Rotation[2], Rotation[3], Rotation[4], Rotation[5], Rotation[6], Rotation[7], Rotation[8]),
                new Vector3d(Translation[0], Translation[1], Translation[2]))
            : throw new InvalidOperationException($"a rejected sequence has no transform ({RejectReason})");
}
