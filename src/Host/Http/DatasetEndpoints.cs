using System.Text.Json;
using Akka.Actor;
using Akka.Hosting;
using PoseCluster.Actors.Pipeline;
using PoseCluster.Actors.Submission;
using PoseCluster.Datasets.Sources;
using PoseCluster.Host.Node;

namespace PoseCluster.Host.Http;

/// <summary>
/// The datasets' endpoints (docs/API.md): <c>POST /api/datasets</c> {"name", "kind", "path"} → 202
/// {"dataset", "job"} through the <see cref="JobSubmission"/> actor (400 naming each bad field; the bearer
/// token when one is configured), <c>GET /api/datasets</c>, <c>GET /api/datasets/{name}</c> and
/// <c>GET /api/datasets/{name}/jobs/{job}</c> (progress, then the job's corpus version). Not cached by clients.
/// </summary>
internal static class DatasetEndpoints
{
    private static readonly string[] Fields = ["name", "kind", "path"];

    /// <summary>Largest request body read.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>Maps the group onto <paramref name="app"/>.</summary>
    public static IEndpointRouteBuilder MapDatasetEndpoints(this IEndpointRouteBuilder app)
    {
        var datasets = app.MapGroup("/api/datasets").AddEndpointFilter(NoStore);
        datasets.MapGet("", ListAsync);
        datasets.MapGet("/{name}", DatasetAsync);
        datasets.MapGet("/{name}/jobs/{job}", JobAsync);
        datasets.MapPost("", AddAsync).RequireWriteToken();
        return app;
    }

    /// <summary>Every answer of the group says <c>Cache-Control: no-store</c> (the dashboard polls).</summary>
    public static async ValueTask<object?> NoStore(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        context.HttpContext.Response.Headers.CacheControl = "no-store";
        return await next(context).ConfigureAwait(false);
    }

    private static async Task<IResult> AddAsync(HttpRequest request, IRequiredActor<JobSubmission> submission, PipelineEnvironment pipeline, NodeSettings settings, CancellationToken cancellationToken)
    {
        var (submit, bodyError) = await ReadAsync(request, pipeline.Settings.Stage1.Loaders, cancellationToken).ConfigureAwait(false);
        if (submit is null)
        {
            return Error(StatusCodes.Status400BadRequest, bodyError!.Error, bodyError.Errors);
        }

        object? answer;
        try
        {
            // The actor sends the command up to 3 times, each waiting the ask timeout.
            answer = await submission.ActorRef.Ask<object>(submit, (settings.AskTimeout * 3) + TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            answer = null;
        }

        return answer switch
        {
            DatasetSubmissionAccepted accepted => Results.Json(new DatasetAcceptedView(accepted.Dataset, accepted.Job), DatasetJson.Options, statusCode: StatusCodes.Status202Accepted),
            SubmissionRejected rejected => Error(StatusCodes.Status400BadRequest, string.Join("; ", rejected.Errors.Select(e => $"{e.Key}: {e.Value}")), rejected.Errors),
            SubmissionFailed failed => Error(StatusCodes.Status504GatewayTimeout, failed.Reason),
            _ => Error(StatusCodes.Status504GatewayTimeout, "the job submission actor did not answer in time"),
        };
    }

    /// <summary>The request body as a <see cref="SubmitDataset"/>, or the error naming what is wrong with it.</summary>
    private static async Task<(SubmitDataset? Submit, DatasetErrorView? Error)> ReadAsync(HttpRequest request, DatasetLoaderOptions loaders, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, new DatasetErrorView($"body: {request.ContentLength} bytes; at most {MaxBodyBytes} are accepted"));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return (null, new DatasetErrorView($"body: more than {MaxBodyBytes} bytes"));
            }

            buffer.Write(chunk, 0, read);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.ToArray());
        }
        catch (JsonException e)
        {
            return (null, new DatasetErrorView($"body: not JSON ({e.Message}); send {{\"name\", \"kind\", \"path\"}}"));
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, new DatasetErrorView("body: expected a JSON object {\"name\", \"kind\", \"path\"}"));
            }

            var errors = new Dictionary<string, string>(StringComparer.Ordinal);
            string? Field(string name)
            {
                if (!document.RootElement.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
                {
                    return null;
                }

                if (value.ValueKind != JsonValueKind.String)
                {
                    errors[name] = $"must be a string (got {value.ValueKind.ToString().ToLowerInvariant()})";
                    return null;
                }

                return value.GetString();
            }

            var submit = new SubmitDataset(Field("name"), Field("kind"), Field("path"));
            if (errors.Count == 0)
            {
                return (submit, null);
            }

            // Name every bad field at once: the type errors, and what the submission would say of the others.
            DatasetRequestValidator.Validate(submit, loaders, out var others);
            foreach (var (field, problem) in others.Where(o => !errors.ContainsKey(o.Key)))
            {
                errors[field] = problem;
            }

            var ordered = errors.OrderBy(e => Array.IndexOf(Fields, e.Key)).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
            return (null, new DatasetErrorView(string.Join("; ", ordered.Select(e => $"{e.Key}: {e.Value}")), ordered));
        }
    }

    private static async Task<IResult> ListAsync(PipelineQueries queries, CancellationToken cancellationToken) =>
        await queries.ListAsync(cancellationToken).ConfigureAwait(false) is { } list
            ? Results.Json(list, DatasetJson.Options)
            : Error(StatusCodes.Status503ServiceUnavailable, "the corpus coordinator, which lists the datasets, did not answer in time (it may be moving to another node)");

    private static async Task<IResult> DatasetAsync(string name, PipelineQueries queries, CancellationToken cancellationToken)
    {
        try
        {
            return await queries.DatasetAsync(name, cancellationToken).ConfigureAwait(false) is { } view
                ? Results.Json(view, DatasetJson.Options)
                : Error(StatusCodes.Status404NotFound, $"no dataset {name}");
        }
        catch (AskTimeoutException)
        {
            return Error(StatusCodes.Status504GatewayTimeout, $"dataset {name} did not answer in time (its node may be failing over)");
        }
    }

    private static async Task<IResult> JobAsync(string name, string job, PipelineQueries queries, CancellationToken cancellationToken)
    {
        try
        {
            return await queries.JobAsync(name, job, cancellationToken).ConfigureAwait(false) is { } view
                ? Results.Json(view, DatasetJson.Options)
                : Error(StatusCodes.Status404NotFound, $"dataset {name} has no job {job}");
        }
        catch (AskTimeoutException)
        {
            return Error(StatusCodes.Status504GatewayTimeout, $"dataset {name} or the corpus coordinator did not answer in time (a node may be failing over)");
        }
    }

    /// <summary>An error body.</summary>
    public static IResult Error(int status, string message, IReadOnlyDictionary<string, string>? errors = null) =>
        Results.Json(new DatasetErrorView(message, errors), DatasetJson.Options, statusCode: status);
}
