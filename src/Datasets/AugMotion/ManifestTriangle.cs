using System.Text.Json.Serialization;

namespace PoseCluster.Datasets.AugMotion;

/// <summary>The canonical triangle in <c>corpus.json</c>, each point [x, y, z] in mm.</summary>
/// <param name="LeftShoulder">(0, −Ms/2, 0).</param>
/// <param name="RightShoulder">(0, +Ms/2, 0).</param>
/// <param name="Pelvis">(0, 0, Msp).</param>
public sealed record ManifestTriangle(
    [property: JsonPropertyName("l_shoulder")] double[] LeftShoulder,
    [property: JsonPropertyName("r_shoulder")] double[] RightShoulder,
    [property: JsonPropertyName("pelvis")] double[] Pelvis);
