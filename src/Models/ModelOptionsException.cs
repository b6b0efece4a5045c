namespace PoseCluster.Models;

/// <summary>A model, HeatPose or optimizer setting out of range; <see cref="Setting"/> names it as in posecluster.model / heatpose / training.</summary>
public sealed class ModelOptionsException : ArgumentException
{
    /// <summary>Creates the exception for one setting.</summary>
    public ModelOptionsException(string setting, string message)
        : base($"{setting}: {message}")
    {
        Setting = setting;
    }

    /// <summary>The setting, e.g. "heatpose.grid".</summary>
    public string Setting { get; }
}
