using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
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
    private readonly HttpClient http;

    private ExperimentClient(Uri api, string token)
    {
        http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(60) };
        if (token.Length > 0)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    /// <summary>The node's address.</summary>
    public Uri Api => http.BaseAddress!;

    /// <summary>A client of <paramref name="api"/> (else posecluster.http.url) with <paramref name="token"/> (else posecluster.http.token).</summary>
    public static ExperimentClient Create(string? api, string? token, Config config)
    {
        var url = api ?? config.GetString("posecluster.http.url");
        if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
        {
            throw new BadInputException($"--api {url}: expected http://host:port");
        }

        return new ExperimentClient(baseUrl, token ?? config.GetString("posecluster.http.token", ""));
    }

    /// <summary>Submits a spec; returns the new experiment's id.</summary>
    public async Task<string> SubmitAsync(string specText, bool json, CancellationToken cancellationToken)
    {
        using var content = new StringContent(specText, Encoding.UTF8, json ? "application/json" : "application/hocon");
        using var response = await SendAsync(() => http.PostAsync("api/experiments", content, cancellationToken)).ConfigureAwait(false);
        return (await ReadAsync<ExperimentAcceptedView>(response, "the spec", cancellationToken).ConfigureAwait(false)).Id;
    }

    /// <summary>One experiment.</summary>
    public async Task<ExperimentView> GetAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => http.GetAsync($"api/experiments/{Uri.EscapeDataString(id)}", cancellationToken)).ConfigureAwait(false);
        return await ReadAsync<ExperimentView>(response, $"experiment {id}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every experiment.</summary>
    public async Task<ExperimentListView> ListAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => http.GetAsync("api/experiments", cancellationToken)).ConfigureAwait(false);
        return await ReadAsync<ExperimentListView>(response, "the experiments", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The points of one metric series, by step.</summary>
    public async Task<IReadOnlyList<double[]>> SeriesAsync(string id, string name, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => http.GetAsync($"api/experiments/{Uri.EscapeDataString(id)}/metrics?name={Uri.EscapeDataString(name)}", cancellationToken)).ConfigureAwait(false);
        var view = await ReadAsync<MetricSeriesView>(response, $"metrics of experiment {id}", cancellationToken).ConfigureAwait(false);
        return view.Series.GetValueOrDefault(name) ?? [];
    }

    /// <inheritdoc />
    public void Dispose() => http.Dispose();

    private async Task<HttpResponseMessage> SendAsync(Func<Task<HttpResponseMessage>> send)
    {
        try
        {
            return await send().ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new HttpRequestException($"no node answered at {Api} ({e.Message}); is a node with the role api running there?", e);
        }
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return await response.Content.ReadFromJsonAsync<T>(ApiJson.Options, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"{what}: the node answered null");
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var message = body;
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object)
            {
                message = json.RootElement.TryGetProperty("error", out var error) ? error.GetString() ?? body
                    : json.RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() ?? body : body;
            }
        }
        catch (JsonException)
        {
            // Not JSON: the body as it is.
        }

        var status = (int)response.StatusCode;
        throw response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized or HttpStatusCode.NotFound or HttpStatusCode.Conflict
            ? new BadInputException($"{what}: HTTP {status}: {message}")
            : new HttpRequestException($"{what}: HTTP {status}: {message}");
    }
}
