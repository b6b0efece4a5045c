namespace PoseCluster.Configuration;

/// <summary>Base of every configuration error: bad HOCON text, a missing setting, or a value of the wrong type.</summary>
public class ConfigurationException : Exception
{
    /// <summary>Creates the exception with a message that already names the file, line or setting.</summary>
    public ConfigurationException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public ConfigurationException(string message, Exception inner) : base(message, inner)
    {
    }
}
