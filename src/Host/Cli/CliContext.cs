using System.Collections;

namespace PoseCluster.Host.Cli;

/// <summary>What a command may touch of its process: output streams and environment variables.</summary>
/// <param name="Out">Standard output (results, JSON).</param>
/// <param name="Error">Standard error (diagnostics, the one-line error message).</param>
/// <param name="Environment">Environment variables, for <c>POSECLUSTER__</c> overrides and <c>${?VAR}</c>.</param>
internal sealed record CliContext(TextWriter Out, TextWriter Error, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>The real process: console streams and environment.</summary>
    public static CliContext FromProcess() => new(
        Console.Out,
        Console.Error,
        System.Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal));
}
