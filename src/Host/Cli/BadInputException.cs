namespace PoseCluster.Host.Cli;

/// <summary>A command-line argument that cannot be used; reported on stderr with exit code 2.</summary>
internal sealed class BadInputException(string message) : Exception(message);
