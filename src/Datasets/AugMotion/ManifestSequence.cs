using System.Text.Json.Serialization;

namespace PoseCluster.Datasets.AugMotion;

/// <summary>One harmonized sequence in <c>corpus.json</c>.</summary>
/// <param name="Dataset">Dataset kind name.</param>
/// <param name="Subject">Subject id.</param>
/// <param name="Action">Action or sequence name.</param>
/// <param name="Camera">Camera id or "world".</param>
/// <param name="KeyFrame">Index of the key frame.</param>
/// <param name="Rotation">R, 3x3 row-major (three rows), mapping source to universal: u = R·p + t.</param>
/// <param name="Translation">t, mm.</param>
/// <param name="RmsdMm">Kabsch residual of the three reference points, mm.</param>
/// <param name="Frames">Frames in the sequence.</param>
/// <param name="Windows">Clips cut from it.</param>
/// <param name="Split">train, val or test.</param>
/// <param name="File">Where the projected frames were written (relative to the output folder).</param>
public sealed record ManifestSequence(
    [property: JsonPropertyName("dataset")] string Dataset,
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("camera")] string Camera,
    [property: JsonPropertyName("key_frame")] int KeyFrame,
    [property: JsonPropertyName("rotation")] double[][] Rotation,
    [property: JsonPropertyName("translation")] double[] Translation,
    [property: JsonPropertyName("rmsd_mm")] double RmsdMm,
    [property: JsonPropertyName("frames")] int Frames,
    [property: JsonPropertyName("windows")] int Windows,
    [property: JsonPropertyName("split")] string Split,
    [property: JsonPropertyName("file")] string File);
