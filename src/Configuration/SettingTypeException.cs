namespace PoseCluster.Configuration;

/// <summary>A setting exists but its value is not of the requested type (or out of range).</summary>
public sealed class SettingTypeException : ConfigurationException
{
    /// <summary>Creates the exception naming the setting, where it was set, and what was expected.</summary>
    public SettingTypeException(string path, string origin, string expected, string actual)
        : base($"setting '{path}' ({origin}) {expected}, but is {actual}")
    {
        Path = path;
        Origin = origin;
    }

    /// <summary>Full path of the setting.</summary>
    public string Path { get; }

    /// <summary>file:line:column where the value was written.</summary>
    public string Origin { get; }
}
