using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using PoseCluster.Storage.Registry;

namespace PoseCluster.Host.Cli;

/// <summary>
/// <c>posecluster registry migrate|status [--registry sqlite:PATH|postgres://...] [--json]</c>: applies
/// the registry's migrations, or shows its schema version (default registry: posecluster.registry.url).
/// </summary>
internal static class RegistryCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static Command Create(CliContext context, GlobalOptions options)
    {
        var command = new Command("registry", "Create or upgrade the experiment registry (SQLite or PostgreSQL) and show its schema version");
        command.Subcommands.Add(Subcommand("migrate", "Apply pending migrations under the registry's migration lock", migrate: true, context, options));
        command.Subcommands.Add(Subcommand("status", "Show the registry's schema version and applied migrations", migrate: false, context, options));
        return command;
    }

    private static Command Subcommand(string name, string description, bool migrate, CliContext context, GlobalOptions options)
    {
        var registryOption = new Option<string?>("--registry") { Description = "sqlite:PATH or postgres://user:password@host:port/database (default posecluster.registry.url)" };
        var json = GlobalOptions.Json();
        var command = new Command(name, description);
        command.Options.Add(registryOption);
        command.Options.Add(json);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var config = EffectiveConfig.Load(parse.GetValue(options.Config)?.FullName, context);
            var url = StorageSettings.RegistryUrl(config, parse.GetValue(registryOption));
            await using var registry = await ExperimentRegistry.OpenAsync(url, migrate: false, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<int> appliedNow = migrate ? await registry.MigrateAsync(cancellationToken).ConfigureAwait(false) : [];
            var status = await registry.StatusAsync(cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                var report = new Report(status.Dialect, status.Location, status.SchemaVersion, status.LatestVersion, status.Pending,
                    status.Applied.Select(a => new Applied(a.Version, a.Name, a.AppliedAt)).ToList(), migrate ? appliedNow : null);
                await context.Out.WriteLineAsync(JsonSerializer.Serialize(report, Json)).ConfigureAwait(false);
            }
            else
            {
                if (migrate)
                {
                    await context.Out.WriteLineAsync(appliedNow.Count == 0
                        ? "registry: up to date"
                        : $"registry: applied migration(s) {string.Join(", ", appliedNow)}").ConfigureAwait(false);
                }

                await context.Out.WriteLineAsync(
                    $"{status.Dialect} registry at {status.Location}: schema version {status.SchemaVersion} of {status.LatestVersion}" +
                    (status.Pending > 0 ? $" ({status.Pending} pending: run 'posecluster registry migrate')" : "")).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private sealed record Report(
        string Dialect,
        string Location,
        int SchemaVersion,
        int LatestVersion,
        int Pending,
        IReadOnlyList<Applied> Applied,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<int>? AppliedNow);

    private sealed record Applied(int Version, string Name, DateTimeOffset AppliedAt);
}
