namespace PoseCluster.Datasets.Windows;

/// <summary>The split names used in manifests, clips and shard keys.</summary>
public static class DataSplit
{
    /// <summary>Training subjects.</summary>
    public const string Train = "train";

    /// <summary>Validation subjects.</summary>
    public const string Val = "val";

    /// <summary>Test subjects (never merged into training).</summary>
    public const string Test = "test";
}
