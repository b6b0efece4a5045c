using System.Globalization;
using System.Text;
using Akka.Actor;
using Akka.Hosting;
using PoseCluster.Actors.Experiments;
using PoseCluster.Actors.Submission;
using PoseCluster.Host.Node;

namespace PoseCluster.Host.Http;

/// <summary>
/// The experiments' endpoints (docs/API.md): submit (a spec in HOCON or JSON → 202 with the id, 400 naming each
/// bad field), list, one experiment, its metric series, its prediction sample, cancel. Writes go through the
/// <see cref="JobSubmission"/> actor and need the bearer token when one is configured; reads come from
/// <see cref="ExperimentQueries"/>. Nothing here is cached by clients.
/// </summary>
internal static class ExperimentEndpoints
{
    /// <summary>Maps the group onto <paramref name="app"/>.</summary>
    public static IEndpointRouteBuilder MapExperimentEndpoints(this IEndpointRouteBuilder app)
    {
        var experiments = app.MapGroup("/api/experiments").AddEndpointFilter(async (context, next) =>
        {
            context.HttpContext.Response.Headers.CacheControl = "no-store";
            return await next(context).ConfigureAwait(false);
        });
        experiments.MapGet("", ListAsync);
        experiments.MapGet("/{id}", DetailAsync);
        experiments.MapGet("/{id}/metrics", MetricsAsync);
        experiments.MapGet("/{id}/sample", SampleAsync);
        var writes = experiments.MapGroup("").RequireWriteToken();
        writes.MapPost("", SubmitAsync);
        writes.MapPost("/{id}/cancel", CancelAsync);
        return app;
    }

    private static async Task<IResult> SubmitAsync(HttpRequest request, IRequiredActor<JobSubmission> submission, NodeSettings settings, CancellationToken cancellationToken)
    {
        if (request.ContentLength > ExperimentSpecParser.MaxLength * 4L)
        {
            return Error(StatusCodes.Status400BadRequest, $"spec: the body is {request.ContentLength} bytes; at most {ExperimentSpecParser.MaxLength} characters are accepted");
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var buffer = new char[ExperimentSpecParser.MaxLength + 1];
        var read = await reader.ReadBlockAsync(buffer, cancellationToken).ConfigureAwait(false);
        var text = new string(buffer, 0, read);
        if (text.Trim().Length == 0)
        {
            return Error(StatusCodes.Status400BadRequest, "spec: the body is empty (send the spec as HOCON or JSON)");
        }

        var answer = await AskAsync(submission.ActorRef, new SubmitExperimentSpec(text), settings, attempts: 3, cancellationToken).ConfigureAwait(false);
        return answer switch
        {
            SubmissionAccepted accepted => Results.Json(new ExperimentAcceptedView(accepted.Id, accepted.Status), ApiJson.Options, statusCode: StatusCodes.Status202Accepted),
            SubmissionRejected rejected => Results.Json(
                new ErrorView(string.Join("; ", rejected.Errors.Select(e => $"{e.Key}: {e.Value}")), rejected.Errors), ApiJson.Options, statusCode: StatusCodes.Status400BadRequest),
            SubmissionFailed failed => Error(StatusCodes.Status504GatewayTimeout, failed.Reason),
            _ => Error(StatusCodes.Status504GatewayTimeout, "the job submission actor did not answer in time"),
        };
    }

    private static async Task<IResult> CancelAsync(string id, IRequiredActor<JobSubmission> submission, ExperimentQueries queries, NodeSettings settings, Actors.Training.TrainingEnvironment training, CancellationToken cancellationToken)
    {
        if (await training.Registry.ExperimentAsync(id, cancellationToken).ConfigureAwait(false) is null)
        {
            return Error(StatusCodes.Status404NotFound, $"no experiment {id}");
        }

        var answer = await AskAsync(submission.ActorRef, new CancelExperimentRequest(id), settings, attempts: 3, cancellationToken).ConfigureAwait(false);
        return answer switch
        {
            CancelAccepted accepted => Results.Json(new ExperimentAcceptedView(accepted.Id, accepted.Status), ApiJson.Options, statusCode: StatusCodes.Status202Accepted),
            CancelRefused refused => Error(StatusCodes.Status409Conflict, $"experiment {id} is already {refused.Status}"),
            ExperimentUnknown => Error(StatusCodes.Status409Conflict, $"experiment {id} was not submitted to the cluster (recorded by posecluster train): nothing to cancel"),
            SubmissionFailed failed => Error(StatusCodes.Status504GatewayTimeout, failed.Reason),
            _ => Error(StatusCodes.Status504GatewayTimeout, "the job submission actor did not answer in time"),
        };
    }

    private static async Task<IResult> ListAsync(ExperimentQueries queries, CancellationToken cancellationToken) =>
        Results.Json(await queries.ListAsync(cancellationToken).ConfigureAwait(false), ApiJson.Options);

    private static async Task<IResult> DetailAsync(string id, ExperimentQueries queries, CancellationToken cancellationToken) =>
        await queries.DetailAsync(id, cancellationToken).ConfigureAwait(false) is { } view
            ? Results.Json(view, ApiJson.Options)
            : Error(StatusCodes.Status404NotFound, $"no experiment {id}");

    private static async Task<IResult> MetricsAsync(string id, string? name, string? after, ExperimentQueries queries, CancellationToken cancellationToken)
    {
        long afterStep = -1;
        if (after is not null && !long.TryParse(after, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out afterStep))
        {
            return Error(StatusCodes.Status400BadRequest, "after: not an integer");
        }

        return await queries.SeriesAsync(id, string.IsNullOrEmpty(name) ? null : name, afterStep, cancellationToken).ConfigureAwait(false) is { } series
            ? Results.Json(series, ApiJson.Options)
            : Error(StatusCodes.Status404NotFound, $"no experiment {id}");
    }

    private static async Task<IResult> SampleAsync(string id, ExperimentQueries queries, CancellationToken cancellationToken) =>
        await queries.SampleAsync(id, cancellationToken).ConfigureAwait(false) is { } json
            ? Results.Bytes(json, "application/json")
            : Error(StatusCodes.Status404NotFound, $"no prediction sample of experiment {id} yet (written at its first evaluation)");

    /// <summary>Asks the job submission actor, which retries its own command <paramref name="attempts"/> times.</summary>
    private static async Task<object?> AskAsync(IActorRef submission, object request, NodeSettings settings, int attempts, CancellationToken cancellationToken)
    {
        try
        {
            return await submission.Ask<object>(request, (settings.AskTimeout * attempts) + TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }

    private static IResult Error(int status, string message) => Results.Json(new ErrorView(message), ApiJson.Options, statusCode: status);
}
