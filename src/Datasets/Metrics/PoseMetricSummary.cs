namespace PoseCluster.Datasets.Metrics;

/// <summary>The six evaluation metrics of one prediction against its ground truth.</summary>
/// <param name="MpjpeMm">MPJPE, mm.</param>
/// <param name="PMpjpeMm">P-MPJPE (Procrustes with scale), mm.</param>
/// <param name="NMpjpeMm">N-MPJPE (scale-normalised), mm.</param>
/// <param name="MpjveMmPerFrame">MPJVE, mm per frame.</param>
/// <param name="Pck150Percent">PCK at 150 mm over 14 joints, percent.</param>
/// <param name="AucPercent">AUC of PCK over 0..150 mm, percent.</param>
public sealed record PoseMetricSummary(
    double MpjpeMm,
    double PMpjpeMm,
    double NMpjpeMm,
    double MpjveMmPerFrame,
    double Pck150Percent,
    double AucPercent);
