using System.Globalization;
using Akka.Actor;
using Akka.Hosting;
using PoseCluster.Actors.Counters;
using PoseCluster.Host.Node;

namespace PoseCluster.Host.Http;

/// <summary>
/// The demo counter's endpoints (posecluster.node.demo-counter = on): batches of idempotent increments
/// for at-least-once senders, a counter's value, and the benchmark's in-node load driver. Writes go
/// through <see cref="WriteGuard"/>.
/// </summary>
internal static class CounterEndpoints
{
    /// <summary>Most increments one request may carry.</summary>
    public const int MaxBatch = 10_000;

    /// <summary>Maps the group onto <paramref name="app"/>.</summary>
    public static IEndpointRouteBuilder MapCounterEndpoints(this IEndpointRouteBuilder app)
    {
        var counters = app.MapGroup("/api/counters");
        counters.MapGet("/{id}", ReadAsync);
        var writes = counters.MapGroup("").RequireWriteToken();
        writes.MapPost("/increments", IncrementAsync);
        writes.MapPost("/load", LoadAsync);
        return app;
    }

    private static async Task<IResult> ReadAsync(string id, IRequiredActor<CounterRegion> region, NodeSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            var value = await region.ActorRef.Ask<CounterValue>(new GetCounterValue(id), settings.AskTimeout, cancellationToken).ConfigureAwait(false);
            return Results.Ok(new CounterReading(id, value.Value, value.Increments));
        }
        catch (AskTimeoutException)
        {
            return Results.Problem($"counter {id} did not answer within {settings.AskTimeout.TotalSeconds:0.#} s", statusCode: StatusCodes.Status504GatewayTimeout);
        }
    }

    private static async Task<IResult> IncrementAsync(CounterIncrementsRequest request, IRequiredActor<CounterRegion> region, NodeSettings settings, CancellationToken cancellationToken)
    {
        var errors = Validate(request);
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var outcomes = await Task.WhenAll(request.Increments!.Select(async item =>
        {
            try
            {
                var ack = await region.ActorRef.Ask<IncrementAcknowledged>(new Increment(item.Counter!, item.Command!, item.Amount), settings.AskTimeout, cancellationToken).ConfigureAwait(false);
                return (item.Command!, Value: (long?)ack.Value, Error: (string?)null);
            }
            catch (AskTimeoutException)
            {
                return (item.Command!, Value: null, Error: $"no acknowledgement within {settings.AskTimeout.TotalSeconds:0.#} s");
            }
        })).ConfigureAwait(false);

        return Results.Ok(new CounterIncrementsResult(
            [.. outcomes.Where(o => o.Value is not null).Select(o => new AcknowledgedIncrement(o.Item1, o.Value!.Value))],
            [.. outcomes.Where(o => o.Value is null).Select(o => new FailedIncrement(o.Item1, o.Error!))]));
    }

    private static async Task<IResult> LoadAsync(CounterLoadRequest request, ActorSystem system, IRequiredActor<CounterRegion> region, NodeSettings settings, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request.Pattern is not ("tell" or "ask"))
        {
            errors["pattern"] = ["must be tell or ask"];
        }

        if (request.Message is not ("increment" or "read"))
        {
            errors["message"] = ["must be increment or read"];
        }

        if (request.Messages is < 1 or > 10_000_000)
        {
            errors["messages"] = ["must be 1 to 10,000,000"];
        }

        if (request.Counters is < 1 or > 100_000)
        {
            errors["counters"] = ["must be 1 to 100,000"];
        }

        if (request.InFlight is < 1 or > 10_000)
        {
            errors["inFlight"] = ["must be 1 to 10,000"];
        }

        return errors.Count > 0
            ? Results.ValidationProblem(errors)
            : Results.Ok(await CounterLoad.RunAsync(system, region.ActorRef, request, settings.AskTimeout, cancellationToken).ConfigureAwait(false));
    }

    private static Dictionary<string, string[]> Validate(CounterIncrementsRequest request)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request.Increments is not { Count: > 0 and <= MaxBatch } increments)
        {
            errors["increments"] = [$"must hold 1 to {MaxBatch} increments"];
            return errors;
        }

        for (var i = 0; i < increments.Count; i++)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"increments[{i}]");
            if (increments[i] is null)
            {
                errors[path] = ["required"];
                continue;
            }

            if (string.IsNullOrWhiteSpace(increments[i].Counter))
            {
                errors[path + ".counter"] = ["required"];
            }

            if (string.IsNullOrWhiteSpace(increments[i].Command))
            {
                errors[path + ".command"] = ["required"];
            }
        }

        return errors;
    }
}
