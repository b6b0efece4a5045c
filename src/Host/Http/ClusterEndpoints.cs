using Akka.Actor;
using PoseCluster.Host.Node;

namespace PoseCluster.Host.Http;

/// <summary>The cluster's endpoints: <c>GET /api/cluster</c> (read-only).</summary>
internal static class ClusterEndpoints
{
    /// <summary>Maps the group onto <paramref name="app"/>.</summary>
    public static IEndpointRouteBuilder MapClusterEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/cluster", (ActorSystem system, NodeSettings settings, CancellationToken cancellationToken) =>
            ClusterStatusReader.ReadAsync(system, settings.AskTimeout, cancellationToken));
        return app;
    }
}
