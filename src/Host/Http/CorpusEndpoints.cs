namespace PoseCluster.Host.Http;

/// <summary>
/// The corpus endpoints (docs/API.md): <c>GET /api/corpus</c> (the newest complete version) and
/// <c>GET /api/corpus/{version}</c>; 404 when there is none (yet) or no such version. Read from the registry.
/// </summary>
internal static class CorpusEndpoints
{
    /// <summary>Maps the group onto <paramref name="app"/>.</summary>
    public static IEndpointRouteBuilder MapCorpusEndpoints(this IEndpointRouteBuilder app)
    {
        var corpus = app.MapGroup("/api/corpus").AddEndpointFilter(DatasetEndpoints.NoStore);
        corpus.MapGet("", async (PipelineQueries queries, CancellationToken cancellationToken) =>
            await queries.LatestCorpusAsync(cancellationToken).ConfigureAwait(false) is { } view
                ? Results.Json(view, DatasetJson.Options)
                : DatasetEndpoints.Error(StatusCodes.Status404NotFound, "no complete corpus version yet (add a dataset: POST /api/datasets)"));
        corpus.MapGet("/{version}", async (string version, PipelineQueries queries, CancellationToken cancellationToken) =>
            await queries.CorpusAsync(version, cancellationToken).ConfigureAwait(false) is { } view
                ? Results.Json(view, DatasetJson.Options)
                : DatasetEndpoints.Error(StatusCodes.Status404NotFound, $"no corpus version {version}"));
        return app;
    }
}
