using Akka.Actor;
using Akka.Hosting;
using PoseCluster.Actors.Training;
using PoseCluster.Host.Node;

namespace PoseCluster.Host.Http;

/// <summary><c>GET /api/trainers</c>: trainer slots per node, from the <see cref="TrainerPool"/> singleton (docs/API.md).</summary>
internal static class TrainerEndpoints
{
    /// <summary>Maps the group onto <paramref name="app"/>.</summary>
    public static IEndpointRouteBuilder MapTrainerEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/trainers", async (HttpResponse response, IRequiredActor<TrainerPool> pool, NodeSettings settings, CancellationToken cancellationToken) =>
        {
            response.Headers.CacheControl = "no-store";
            // The dashboard polls every 2 s: a pool that is failing over gives an empty answer soon rather than a late one.
            var timeout = settings.AskTimeout < TimeSpan.FromSeconds(5) ? settings.AskTimeout : TimeSpan.FromSeconds(5);
            return Results.Json(await ReadAsync(pool.ActorRef, timeout, cancellationToken).ConfigureAwait(false), ApiJson.Options);
        });
        return app;
    }

    /// <summary>The pool's report; no nodes while the pool does not answer (the cluster is still forming or failing over).</summary>
    public static async Task<TrainersView> ReadAsync(IActorRef pool, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            var report = await pool.Ask<TrainerSlotsReport>(GetTrainerSlots.Instance, timeout, cancellationToken).ConfigureAwait(false);
            return new TrainersView([.. report.Nodes.Select(n => new TrainerNodeView(n.Address, n.Slots, n.Busy, n.Reachable))]);
        }
        catch (AskTimeoutException)
        {
            return new TrainersView([]);
        }
    }
}
