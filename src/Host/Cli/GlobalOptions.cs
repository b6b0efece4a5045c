using System.CommandLine;

namespace PoseCluster.Host.Cli;

/// <summary>Options every command accepts.</summary>
internal sealed class GlobalOptions
{
    /// <summary><c>--config FILE</c>: a HOCON file layered over reference.conf.</summary>
    public Option<FileInfo?> Config { get; } = new("--config")
    {
        Description = "HOCON file layered over the built-in reference.conf (environment POSECLUSTER__a__b=value overrides both)",
        Recursive = true,
    };

    /// <summary>A fresh <c>--json</c> flag for a command that reports.</summary>
    public static Option<bool> Json() => new("--json") { Description = "Print the result as JSON" };
}
