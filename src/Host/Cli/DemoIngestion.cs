using PoseCluster.Configuration;
using PoseCluster.Datasets;
using PoseCluster.Host.Http;

namespace PoseCluster.Host.Cli;

/// <summary>
/// The demo's ingestion: adds the four synthetic datasets (named after their kinds, from <c>RAW/&lt;kind&gt;</c>)
/// through a node's endpoint (<c>POST /api/datasets</c>), follows the four jobs with a line of progress each
/// time one changes, and prints what each produced. Returns the jobs; throws when one fails.
/// </summary>
internal static class DemoIngestion
{
    /// <summary>Ingests the four datasets under <paramref name="raw"/> through <paramref name="api"/>.</summary>
    public static async Task<IReadOnlyList<DatasetJobView>> RunAsync(Uri api, string raw, Config config, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(output);
        using var client = DatasetClient.Create(api.ToString(), null, config);
        var accepted = new List<DatasetAcceptedView>();
        foreach (var (_, name, _) in DatasetKinds.All)
        {
            var job = await client.AddAsync(name, name, Path.Combine(raw, name), cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"  POST {api}api/datasets {name} -> job {job.Job}").ConfigureAwait(false);
            accepted.Add(job);
        }

        var gate = new SemaphoreSlim(1, 1);
        async Task Show(DatasetJobView? view)
        {
            if (view is null)
            {
                return;
            }

            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await output.WriteLineAsync("  " + DatasetClient.ProgressLine(view)).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
        }

        var jobs = await Task.WhenAll(accepted.Select(a => client.WaitAsync(a.Dataset, a.Job, DatasetClient.PollInterval, Show, cancellationToken))).ConfigureAwait(false);
        if (jobs.FirstOrDefault(j => j.Status == "failed") is { } failed)
        {
            throw new InvalidOperationException($"demo: dataset {failed.Dataset} (job {failed.Job}) failed: {failed.Error}");
        }

        foreach (var job in jobs)
        {
            var s = job.Sequences;
            await output.WriteLineAsync($"  {job.Dataset}: in corpus version {job.CorpusVersion}: {s.Computed} sequences computed, {s.Cached} cached, {s.Rejected + s.Failed} rejected").ConfigureAwait(false);
        }

        return jobs;
    }
}
