using System.CommandLine;
using PoseCluster.Datasets;

namespace PoseCluster.Host.Cli;

/// <summary>
/// <c>posecluster demo</c>: the main job on embedded defaults. It runs every stage that exists so far
/// and says plainly which stages are not there yet.
/// </summary>
internal static class DemoCommand
{
    public static Command Create(CliContext context, GlobalOptions options)
    {
        var command = new Command("demo", "Run the whole pipeline on one machine with embedded defaults");
        command.SetAction(parse =>
        {
            var config = EffectiveConfig.Load(parse.GetValue(options.Config)?.FullName, context);
            var output = context.Out;
            output.WriteLine($"PoseCluster {VersionCommand.Version} demo");
            output.WriteLine();
            output.WriteLine("Effective configuration (reference.conf + --config + POSECLUSTER__ environment):");
            output.WriteLine(config.GetConfig("posecluster").ToHocon());
            output.WriteLine();
            output.WriteLine("Supported dataset kinds:");
            foreach (var (_, name, description) in DatasetKinds.All)
            {
                output.WriteLine($"  {name,-8} {description}");
            }

            output.WriteLine();
            output.WriteLine("Not there yet (each lands with its own issue): dataset loaders and synthetic data,");
            output.WriteLine("AugMotion harmonization, Arrow shards and the registry, the actor cluster, SoloPose training.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
