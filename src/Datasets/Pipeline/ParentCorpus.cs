namespace PoseCluster.Datasets.Pipeline;

/// <summary>What the reuse rule needs of a parent version.</summary>
/// <param name="Version">Its id.</param>
/// <param name="ConfigHash">Its corpus config hash.</param>
/// <param name="Ms">Ms of the triangle its clips are projected onto, mm.</param>
/// <param name="Msp">Msp of that triangle, mm.</param>
/// <param name="Datasets">Its datasets.</param>
public sealed record ParentCorpus(string Version, string ConfigHash, double Ms, double Msp, IReadOnlyList<VersionDataset> Datasets);
