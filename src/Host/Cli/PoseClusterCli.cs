using System.CommandLine;
using PoseCluster.Datasets;
using PoseCluster.Configuration;

namespace PoseCluster.Host.Cli;

/// <summary>
/// The posecluster command line. Exit codes: 0 ok, 1 runtime failure, 2 bad input (bad flags, bad
/// configuration, a malformed input file); every error is one line on stderr.
/// </summary>
internal static class PoseClusterCli
{
    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken)
    {
        var options = new GlobalOptions();
        var root = new RootCommand("PoseCluster: harmonize 3D human-pose datasets into one corpus and train SoloPose models on it.");
        root.Options.Add(options.Config);
        foreach (var command in Commands(context, options))
        {
            root.Subcommands.Add(command);
        }

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await context.Error.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
            }

            return ExitCodes.BadInput;
        }

        try
        {
            // ProcessTerminationTimeout = null: System.CommandLine would otherwise kill the process 2 s
            // after SIGINT/SIGTERM; Program.cs and `node` handle the signals and finish gracefully.
            var invocation = new InvocationConfiguration { Output = context.Out, Error = context.Error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
            return await parse.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsBadInput(e))
        {
            await context.Error.WriteLineAsync($"error: {OneLine(e.Message)}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await context.Error.WriteLineAsync("error: cancelled").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        catch (Exception e)
        {
            await context.Error.WriteLineAsync($"error: {e.GetType().Name}: {OneLine(e.Message)}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }

    private static IEnumerable<Command> Commands(CliContext context, GlobalOptions options) =>
    [
        VersionCommand.Create(context),
        ConfigCommand.Create(context, options),
        DemoCommand.Create(context, options),
        DatasetsCommand.Create(context, options),
        HarmonizeCommand.Create(context, options),
        TrainCommand.Create(context, options),
        EvalCommand.Create(context),
        InspectCommand.Create(context),
        RegistryCommand.Create(context, options),
        NodeCommand.Create(context, options),
        ClusterCommand.Create(context, options),
        // Experiments (issue 14): submit to a node's endpoint, and read their status.
        SubmitCommand.Create(context, options),
        StatusCommand.Create(context, options),
    ];

    /// <summary>Errors caused by what the user gave us (exit 2) rather than by the system (exit 1).</summary>
    private static bool IsBadInput(Exception e) => e is BadInputException or ConfigurationException or DatasetFormatException
        or Storage.Shards.ShardFormatException or Storage.Shards.CorpusIncompleteException or Storage.Registry.RegistryUrlException or Storage.Objects.ObjectKeyException;

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
