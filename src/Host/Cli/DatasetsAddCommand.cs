using System.CommandLine;
using System.Text.Json;
using PoseCluster.Datasets;
using PoseCluster.Host.Http;

namespace PoseCluster.Host.Cli;

/// <summary>
/// <c>posecluster datasets add --name N --kind K --path DIR [--api URL] [--token T] [--wait] [--json]</c>: adds
/// (or re-ingests) a dataset through a node's endpoint (<c>POST /api/datasets</c>). Without <c>--wait</c> it
/// prints the job (<c>--json</c>: {"dataset", "job"}). With <c>--wait</c> it follows the job — a line of progress
/// (sequences done / total) on standard error whenever it changes — until the job's corpus version is complete,
/// then prints {"dataset", "corpus_version", "parent_version", "sequences": {"computed", "cached", "rejected"},
/// "reprojected", "reused_clips", "new_clips", "shards": [...]} on standard output; a failed job exits 1.
/// </summary>
internal static class DatasetsAddCommand
{
    public static Command Create(CliContext context, GlobalOptions options)
    {
        var name = new Option<string>("--name") { Description = "Dataset name (letters, digits, '.', '_', '-'): the id of its clips and shards", Required = true };
        var kind = new Option<string>("--kind") { Description = "Dataset kind: " + string.Join(", ", DatasetKinds.All.Select(k => k.Name)), Required = true };
        kind.AcceptOnlyFromAmong([.. DatasetKinds.All.Select(k => k.Name)]);
        var path = new Option<DirectoryInfo>("--path") { Description = "The dataset folder (the same path on every node)", Required = true };
        var api = new Option<string?>("--api") { Description = "A node's HTTP endpoint (default posecluster.http.url)" };
        var token = new Option<string?>("--token") { Description = "Bearer token for the write (default: posecluster.http.token)" };
        var wait = new Option<bool>("--wait") { Description = "Follow the job until its corpus version is complete, then print what it produced as JSON" };
        var json = GlobalOptions.Json();
        var command = new Command("add", "Add or re-ingest a dataset through a node: ingestion, stage 1, then a new corpus version");
        foreach (var option in new Option[] { name, kind, path, api, token, wait, json })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var config = EffectiveConfig.Load(parse.GetValue(options.Config)?.FullName, context);
            using var client = DatasetClient.Create(parse.GetValue(api), parse.GetValue(token), config);
            var dataset = parse.GetValue(name)!;
            var accepted = await client.AddAsync(dataset, parse.GetValue(kind)!, parse.GetValue(path)!.FullName, cancellationToken).ConfigureAwait(false);
            if (!parse.GetValue(wait))
            {
                await context.Out.WriteLineAsync(parse.GetValue(json)
                    ? JsonSerializer.Serialize(accepted, DatasetJson.Options)
                    : $"dataset {accepted.Dataset}: job {accepted.Job} accepted (progress: {client.Api}api/datasets/{accepted.Dataset}/jobs/{accepted.Job})").ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            await context.Error.WriteLineAsync($"dataset {accepted.Dataset}: job {accepted.Job} accepted").ConfigureAwait(false);
            var job = await client.WaitAsync(accepted.Dataset, accepted.Job, DatasetClient.PollInterval,
                view => context.Error.WriteLineAsync(view is null ? $"{accepted.Dataset}: waiting for the cluster (a node is failing over)" : DatasetClient.ProgressLine(view)),
                cancellationToken).ConfigureAwait(false);
            if (job.Status == "failed")
            {
                await context.Error.WriteLineAsync($"error: dataset {job.Dataset}: job {job.Job} failed: {job.Error}").ConfigureAwait(false);
                return ExitCodes.Failure;
            }

            await context.Out.WriteLineAsync(JsonSerializer.Serialize(DatasetClient.Result(job), DatasetJson.Options)).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
