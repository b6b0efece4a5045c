using System.Numerics;
using PoseCluster.Datasets.Sources;
using PoseCluster.Configuration;

namespace PoseCluster.Host.Cli;

/// <summary>Builds the loaders' options from posecluster.datasets.&lt;kind&gt; (reference.conf documents each key).</summary>
internal static class DatasetSettings
{
    private const string Root = "posecluster.datasets";

    public static DatasetLoaderOptions FromConfig(Config config)
    {
        var defaults = DatasetLoaderOptions.Default;
        var h36m = config.GetConfigOrEmpty($"{Root}.h36m");
        var mpi = config.GetConfigOrEmpty($"{Root}.3dhp");
        var aist = config.GetConfigOrEmpty($"{Root}.aistpp");
        var mads = config.GetConfigOrEmpty($"{Root}.mads");
        return new DatasetLoaderOptions
        {
            H36m = new H36mOptions
            {
                Positions3dFile = h36m.GetString("positions-3d-file", defaults.H36m.Positions3dFile),
                Positions2dFile = h36m.GetString("positions-2d-file", defaults.H36m.Positions2dFile),
                CamerasFile = h36m.GetString("cameras-file", defaults.H36m.CamerasFile),
                Keypoints2dCamera = h36m.GetInt("keypoints-2d-camera", defaults.H36m.Keypoints2dCamera),
                Fps = h36m.GetDouble("fps", defaults.H36m.Fps),
                UpAxis = UpAxis(h36m, defaults.H36m.UpAxis),
            },
            Mpi3dhp = new Mpi3dhpOptions
            {
                AnnotationKey = mpi.GetString("annotation", defaults.Mpi3dhp.AnnotationKey),
                Fps = mpi.GetDouble("fps", defaults.Mpi3dhp.Fps),
                FpsOverrides = FpsOverrides(mpi, defaults.Mpi3dhp.FpsOverrides),
                UpAxis = UpAxis(mpi, defaults.Mpi3dhp.UpAxis),
            },
            Aistpp = new AistppOptions
            {
                PreferredKey = aist.GetString("preferred-key", defaults.Aistpp.PreferredKey),
                FallbackKey = aist.GetString("fallback-key", defaults.Aistpp.FallbackKey),
                Fps = aist.GetDouble("fps", defaults.Aistpp.Fps),
                UpAxis = UpAxis(aist, defaults.Aistpp.UpAxis),
            },
            Mads = new MadsOptions
            {
                Fps = mads.GetDouble("fps", defaults.Mads.Fps),
                UpAxis = UpAxis(mads, defaults.Mads.UpAxis),
            },
        };
    }

    private static Vector3 UpAxis(Config section, Vector3 fallback)
    {
        if (!section.HasPath("up-axis"))
        {
            return fallback;
        }

        var values = section.GetDoubleList("up-axis");
        var axis = values.Count == 3 ? new Vector3((float)values[0], (float)values[1], (float)values[2]) : Vector3.Zero;
        return axis.LengthSquared() > 0
            ? Vector3.Normalize(axis)
            : throw new ConfigurationException($"{section.OriginOf("up-axis")}: up-axis must be 3 numbers, not all zero");
    }

    private static Dictionary<string, double> FpsOverrides(Config section, IReadOnlyDictionary<string, double> fallback)
    {
        if (!section.HasPath("fps-overrides"))
        {
            return new Dictionary<string, double>(fallback, StringComparer.OrdinalIgnoreCase);
        }

        var overrides = section.GetConfig("fps-overrides");
        return overrides.Keys.ToDictionary(k => k, k => overrides.GetDouble($"\"{k}\""), StringComparer.OrdinalIgnoreCase);
    }
}
