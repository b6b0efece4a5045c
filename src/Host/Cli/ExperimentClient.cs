using System.Text;
using PoseCluster.Configuration;
using PoseCluster.Host.Http;

namespace PoseCluster.Host.Cli;

/// <summary>
/// The CLI's side of the experiment endpoints (docs/API.md): submit a spec, read an experiment, its loss series
/// and the list. Writes send <c>Authorization: Bearer TOKEN</c> when a token is given (--token, else
/// posecluster.http.token). Errors the node names (a bad field, 401, 404) become <see cref="BadInputException"/>s.
/// </summary>
internal sealed class ExperimentClient : IDisposable
{
    private readonly NodeApiConnection connection;

    private ExperimentClient(NodeApiConnection connection) => this.connection = connection;

    /// <summary>The node's address.</summary>
    public Uri Api => connection.Api;

    /// <summary>A client of <paramref name="api"/> (else posecluster.http.url) with <paramref name="token"/> (else posecluster.http.token).</summary>
    public static ExperimentClient Create(string? api, string? token, Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new ExperimentClient(NodeApiConnection.Open(api, token, config));
    }

    /// <summary>Submits a spec; returns the new experiment's id.</summary>
    public async Task<string> SubmitAsync(string specText, bool json, CancellationToken cancellationToken)
    {
        using var content = new StringContent(specText, Encoding.UTF8, json ? "application/json" : "application/hocon");
        using var response = await connection.SendAsync(http => http.PostAsync("api/experiments", content, cancellationToken)).ConfigureAwait(false);
        return (await NodeApiConnection.ReadAsync<ExperimentAcceptedView>(response, "the spec", ApiJson.Options, cancellationToken).ConfigureAwait(false)).Id;
    }

    /// <summary>One experiment.</summary>
    public async Task<ExperimentView> GetAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await connection.SendAsync(http => http.GetAsync($"api/experiments/{Uri.EscapeDataString(id)}", cancellationToken)).ConfigureAwait(false);
        return await NodeApiConnection.ReadAsync<ExperimentView>(response, $"experiment {id}", ApiJson.Options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every experiment.</summary>
    public async Task<ExperimentListView> ListAsync(CancellationToken cancellationToken)
    {
        using var response = await connection.SendAsync(http => http.GetAsync("api/experiments", cancellationToken)).ConfigureAwait(false);
        return await NodeApiConnection.ReadAsync<ExperimentListView>(response, "the experiments", ApiJson.Options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The points of one metric series, by step.</summary>
    public async Task<IReadOnlyList<double[]>> SeriesAsync(string id, string name, CancellationToken cancellationToken)
    {
        using var response = await connection.SendAsync(http => http.GetAsync($"api/experiments/{Uri.EscapeDataString(id)}/metrics?name={Uri.EscapeDataString(name)}", cancellationToken)).ConfigureAwait(false);
        var view = await NodeApiConnection.ReadAsync<MetricSeriesView>(response, $"metrics of experiment {id}", ApiJson.Options, cancellationToken).ConfigureAwait(false);
        return view.Series.GetValueOrDefault(name) ?? [];
    }

    /// <inheritdoc />
    public void Dispose() => connection.Dispose();
}
