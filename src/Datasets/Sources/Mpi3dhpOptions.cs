using System.Numerics;

namespace PoseCluster.Datasets.Sources;

/// <summary>MPI-INF-3DHP training-set loader settings; posecluster.datasets.3dhp.</summary>
public sealed record Mpi3dhpOptions
{
    /// <summary>The annot.mat cell read: annot3 (camera frame, mm) or univ_annot3 (universal skeleton scale).</summary>
    public string AnnotationKey { get; init; } = "annot3";

    /// <summary>Frames per second of a sequence without an override.</summary>
    public double Fps { get; init; } = 25;

    /// <summary>
    /// Frame-rate overrides keyed by "S1/Seq2" (one sequence) or "S3" (every sequence of a subject); the
    /// sequence key wins. Defaults: S1 Seq2, S3 and S5 at 50 fps per the toolkit (not verified here).
    /// </summary>
    public IReadOnlyDictionary<string, double> FpsOverrides { get; init; } =
        new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase) { ["S1/Seq2"] = 50, ["S3"] = 50, ["S5"] = 50 };

    /// <summary>Up in the camera frame: y points down, so up is −y.</summary>
    public Vector3 UpAxis { get; init; } = -Vector3.UnitY;

    /// <summary>The frame rate of one sequence: the sequence override, else the subject's, else <see cref="Fps"/>.</summary>
    public double FpsOf(string subject, string sequence) =>
        FpsOverrides.TryGetValue($"{subject}/{sequence}", out var fps) ? fps
        : FpsOverrides.TryGetValue(subject, out fps) ? fps
        : Fps;
}
