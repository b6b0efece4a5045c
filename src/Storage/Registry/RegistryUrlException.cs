namespace PoseCluster.Storage.Registry;

/// <summary>A registry URL that is neither <c>sqlite:PATH</c> nor <c>postgres://...</c> (bad input).</summary>
public sealed class RegistryUrlException(string url, string problem)
    : RegistryException($"registry URL '{url}': {problem}", isTransient: false);
