namespace PoseCluster.Configuration;

/// <summary>A required setting is absent; <see cref="Path"/> is the full path from the root.</summary>
public sealed class MissingSettingException : ConfigurationException
{
    /// <summary>Creates the exception for a missing setting.</summary>
    public MissingSettingException(string path)
        : base($"missing required setting '{path}'")
    {
        Path = path;
    }

    /// <summary>Full path of the missing setting, e.g. <c>posecluster.storage.objects.kind</c>.</summary>
    public string Path { get; }
}
