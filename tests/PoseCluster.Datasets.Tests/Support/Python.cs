namespace PoseCluster.Datasets.Tests.Support;

/// <summary>Debian's python3 (with numpy), not whatever python3 comes first on PATH; POSECLUSTER_PYTHON overrides.</summary>
internal static class Python
{
    public static string Executable { get; } =
        Environment.GetEnvironmentVariable("POSECLUSTER_PYTHON") is { Length: > 0 } configured ? configured
        : File.Exists("/usr/bin/python3") ? "/usr/bin/python3"
        : "python3";
}
