using System.Net;
using System.Text;
using System.Text.Json;
using PoseCluster.Configuration;
using PoseCluster.Host.Http;

namespace PoseCluster.Host.Cli;

/// <summary>
/// The CLI's (and the demo's) side of the dataset and corpus endpoints (docs/API.md): add a dataset, follow
/// its job until its corpus version is complete, list the datasets. Writes send <c>Authorization: Bearer
/// TOKEN</c> when a token is given (--token, else posecluster.http.token). Errors the node names (a bad field,
/// 401, 404) become <see cref="BadInputException"/>s; while a node fails over (503, 504, no answer) a wait
/// keeps asking.
/// </summary>
internal sealed class DatasetClient : IDisposable
{
    /// <summary>
    /// The longest a wait lets pass between two asks for its job (a GET answered from an entity's memory). A wait
    /// asks more often at first: every twentieth of the time waited so far, at least <see cref="FirstPollInterval"/>
    /// apart, so that a job of a second is seen complete within some 50 ms (not 100 ms on average) and a long one
    /// is still asked five times a second.
    /// </summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>The shortest time between two asks for a job.</summary>
    public static readonly TimeSpan FirstPollInterval = TimeSpan.FromMilliseconds(20);

    private readonly NodeApiConnection _connection;

    private DatasetClient(NodeApiConnection connection) => _connection = connection;

    /// <summary>The node's address.</summary>
    public Uri Api => _connection.Api;

    /// <summary>A client of <paramref name="api"/> (else posecluster.http.url) with <paramref name="token"/> (else posecluster.http.token).</summary>
    public static DatasetClient Create(string? api, string? token, Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new DatasetClient(NodeApiConnection.Open(api, token, config));
    }

    /// <summary>Adds (or re-ingests) a dataset; returns its job.</summary>
    public async Task<DatasetAcceptedView> AddAsync(string name, string kind, string path, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(new { name, kind, path });
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _connection.SendAsync(http => http.PostAsync("api/datasets", content, cancellationToken)).ConfigureAwait(false);
        return await NodeApiConnection.ReadAsync<DatasetAcceptedView>(response, $"add dataset {name}", DatasetJson.Options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every dataset.</summary>
    public async Task<DatasetListView> ListAsync(CancellationToken cancellationToken)
    {
        using var response = await _connection.SendAsync(http => http.GetAsync("api/datasets", cancellationToken)).ConfigureAwait(false);
        return await NodeApiConnection.ReadAsync<DatasetListView>(response, "the datasets", DatasetJson.Options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One job of a dataset, or null while the node cannot say (it answered 503/504: a node is failing over).</summary>
    public async Task<DatasetJobView?> JobAsync(string name, string job, CancellationToken cancellationToken)
    {
        using var response = await _connection.SendAsync(http => http.GetAsync($"api/datasets/{Uri.EscapeDataString(name)}/jobs/{Uri.EscapeDataString(job)}", cancellationToken)).ConfigureAwait(false);
        return response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout
            ? null
            : await NodeApiConnection.ReadAsync<DatasetJobView>(response, $"job {job} of dataset {name}", DatasetJson.Options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Asks for the job until it is complete or failed, every twentieth of the time waited so far, between
    /// <see cref="FirstPollInterval"/> and <paramref name="interval"/> apart, calling <paramref name="progress"/>
    /// with every answer that differs from the previous one (null: the node did not answer this time).
    /// </summary>
    public async Task<DatasetJobView> WaitAsync(string name, string job, TimeSpan interval, Func<DatasetJobView?, Task> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        string? last = null;
        while (true)
        {
            DatasetJobView? view;
            try
            {
                view = await JobAsync(name, job, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException) when (!cancellationToken.IsCancellationRequested)
            {
                view = null;
            }

            var shown = view is null ? "" : JsonSerializer.Serialize(view with { Shards = [] }, DatasetJson.Options);
            if (shown != last)
            {
                last = shown;
                await progress(view).ConfigureAwait(false);
            }

            if (view is { Status: "complete" or "failed" })
            {
                return view;
            }

            await Task.Delay(NextPoll(waited.Elapsed, interval), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>How long a wait that has waited <paramref name="waited"/> sleeps before it asks again (at most <paramref name="longest"/>).</summary>
    public static TimeSpan NextPoll(TimeSpan waited, TimeSpan longest) =>
        TimeSpan.FromTicks(Math.Clamp(waited.Ticks / 20, Math.Min(FirstPollInterval.Ticks, longest.Ticks), longest.Ticks));

    /// <summary>What <c>datasets add --wait</c> prints of a complete job (the fields; unreadable sequences count as rejected).</summary>
    public static DatasetAddResult Result(DatasetJobView job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var s = job.Sequences;
        return new DatasetAddResult(job.Dataset, job.CorpusVersion, job.ParentVersion, new DatasetAddSequences(s.Computed, s.Cached, s.Rejected + s.Failed),
            job.Reprojected, job.ReusedClips, job.NewClips, job.Shards);
    }

    /// <summary>One line of progress for a person: phase, sequences done of total, units.</summary>
    public static string ProgressLine(DatasetJobView job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var s = job.Sequences;
        var line = $"{job.Dataset}: {job.Status} ({job.Phase}): sequences {s.Done}/{s.Total} done ({s.Computed} computed, {s.Cached} cached, {s.Rejected} rejected, {s.Failed} failed), units {job.Units.Done}/{job.Units.Total}";
        return job.CorpusVersion is { } version ? $"{line}; corpus version {version}" : line;
    }

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();
}
