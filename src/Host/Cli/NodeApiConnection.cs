using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using PoseCluster.Configuration;

namespace PoseCluster.Host.Cli;

/// <summary>
/// The HTTP connection the CLI's clients (<see cref="DatasetClient"/>, <see cref="ExperimentClient"/>) share: the
/// node's base address, the bearer token on every request when one is given (--token, else posecluster.http.token),
/// and one reading of answers — errors the node names (a bad field, 401, 404, 409) become
/// <see cref="BadInputException"/>s, the rest <see cref="HttpRequestException"/>s naming the status.
/// </summary>
internal sealed class NodeApiConnection : IDisposable
{
    private NodeApiConnection(Uri api, string token)
    {
        Http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(60) };
        if (token.Length > 0)
        {
            Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    /// <summary>The client, its base address the node's.</summary>
    public HttpClient Http { get; }

    /// <summary>The node's address.</summary>
    public Uri Api => Http.BaseAddress!;

    /// <summary>A connection to <paramref name="api"/> (else posecluster.http.url) with <paramref name="token"/> (else posecluster.http.token).</summary>
    public static NodeApiConnection Open(string? api, string? token, Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var url = api ?? config.GetString("posecluster.http.url");
        if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
        {
            throw new BadInputException($"--api {url}: expected http://host:port");
        }

        return new NodeApiConnection(baseUrl, token ?? config.GetString("posecluster.http.token", ""));
    }

    /// <summary>Sends a request; no answer at all becomes an error naming the node's address.</summary>
    public async Task<HttpResponseMessage> SendAsync(Func<HttpClient, Task<HttpResponseMessage>> send)
    {
        ArgumentNullException.ThrowIfNull(send);
        try
        {
            return await send(Http).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new HttpRequestException($"no node answered at {Api} ({e.Message}); is a node with the role api running there?", e);
        }
    }

    /// <summary>The answer's JSON as <typeparamref name="T"/>, or the error the node gave (its "error" or "detail").</summary>
    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, string what, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.IsSuccessStatusCode)
        {
            return await response.Content.ReadFromJsonAsync<T>(options, cancellationToken).ConfigureAwait(false)
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

    /// <inheritdoc />
    public void Dispose() => Http.Dispose();
}
