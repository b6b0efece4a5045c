using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace PoseCluster.IntegrationTests.Experiments;

/// <summary>The experiment endpoints (docs/API.md) as the tests call them: raw status codes and JSON.</summary>
internal static class ExperimentApi
{
    /// <summary>POSTs <paramref name="body"/> (HOCON unless it starts with '{') with an optional bearer token.</summary>
    public static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(HttpClient http, string path, string? body, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, body.TrimStart().StartsWith('{') ? "application/json" : "application/hocon");
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Submits a spec and returns the new experiment's id (the answer must be 202).</summary>
    public static async Task<string> SubmitAsync(HttpClient http, string spec, string? token)
    {
        var (status, body) = await PostAsync(http, "api/experiments", spec, token);
        Assert.True(status == HttpStatusCode.Accepted, $"POST /api/experiments answered {(int)status}: {body}");
        return body.GetProperty("id").GetString()!;
    }

    /// <summary>GET /api/experiments/{id}.</summary>
    public static async Task<JsonElement> DetailAsync(HttpClient http, string id)
    {
        using var response = await http.GetAsync($"api/experiments/{id}");
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>Polls the experiment until <paramref name="condition"/> holds; returns that view.</summary>
    public static async Task<JsonElement> AwaitAsync(HttpClient http, string id, Func<JsonElement, bool> condition, TimeSpan timeout, string what, Func<string> diagnostics)
    {
        JsonElement last = default;
        await Eventually.AwaitAsync(async () =>
        {
            last = await DetailAsync(http, id);
            if (last.GetProperty("status").GetString() is "Failed" && !what.Contains("Failed", StringComparison.Ordinal))
            {
                Assert.Fail($"experiment {id} failed while waiting until {what}: {last}\n{diagnostics()}");
            }

            return condition(last);
        }, timeout, $"experiment {id}: {what}", () => $"last seen: {last}\n{diagnostics()}");
        return last;
    }

    /// <summary>The status of a view.</summary>
    public static string Status(JsonElement view) => view.GetProperty("status").GetString()!;

    /// <summary>The attempts of a view as (world size, start step, end reason).</summary>
    public static List<(int WorldSize, long StartStep, string? EndReason)> Attempts(JsonElement view) =>
        [.. view.GetProperty("attempts").EnumerateArray().Select(a => (
            a.GetProperty("world_size").GetInt32(),
            a.GetProperty("start_step").ValueKind == JsonValueKind.Number ? a.GetProperty("start_step").GetInt64() : 0,
            a.GetProperty("end_reason").ValueKind == JsonValueKind.String ? a.GetProperty("end_reason").GetString() : null))];

    /// <summary>The sha256 of the experiment's newest checkpoint.</summary>
    public static string FinalCheckpointSha(JsonElement view)
    {
        var key = view.GetProperty("checkpoint").GetString();
        return view.GetProperty("checkpoints").EnumerateArray().Single(c => c.GetProperty("key").GetString() == key).GetProperty("sha256").GetString()!;
    }
}
