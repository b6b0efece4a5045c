using System.CommandLine;

namespace PoseCluster.Host.Cli;

/// <summary><c>posecluster config show [--config F] [--json]</c>: the effective configuration.</summary>
internal static class ConfigCommand
{
    public static Command Create(CliContext context, GlobalOptions options)
    {
        var json = GlobalOptions.Json();
        var show = new Command("show", "Print the effective configuration: reference.conf, then --config, then POSECLUSTER__ environment overrides");
        show.Options.Add(json);
        show.SetAction(parse =>
        {
            var config = EffectiveConfig.Load(parse.GetValue(options.Config)?.FullName, context);
            context.Out.WriteLine(parse.GetValue(json) ? config.ToJson() : config.ToHocon());
            return ExitCodes.Ok;
        });

        var command = new Command("config", "Inspect the configuration");
        command.Subcommands.Add(show);
        return command;
    }
}
