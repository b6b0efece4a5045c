using PoseCluster.Configuration;

namespace PoseCluster.Host.Cli;

/// <summary>
/// Loads the configuration the way every command sees it: reference.conf (next to the executable),
/// then the <c>--config</c> file, then <c>POSECLUSTER__a__b=value</c> environment overrides.
/// </summary>
internal static class EffectiveConfig
{
    /// <summary>File name of the defaults shipped with the executable.</summary>
    public const string ReferenceFileName = "reference.conf";

    public static Config Load(string? configFile, CliContext context) => Layers(configFile, context).Build();

    /// <summary>The three layers, not yet resolved, so a command can add one of its own (flags) on top.</summary>
    public static ConfigBuilder Layers(string? configFile, CliContext context)
    {
        var reference = Path.Combine(AppContext.BaseDirectory, ReferenceFileName);
        if (!File.Exists(reference))
        {
            throw new InvalidOperationException($"{ReferenceFileName} is missing next to the executable ({reference}); rebuild with 'make build'");
        }

        var builder = new ConfigBuilder(name => context.Environment.GetValueOrDefault(name)).AddFile(reference);
        if (configFile is not null)
        {
            builder.AddFile(configFile);
        }

        return builder.AddEnvironmentOverrides(context.Environment);
    }
}
