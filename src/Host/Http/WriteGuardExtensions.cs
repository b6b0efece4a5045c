namespace PoseCluster.Host.Http;

/// <summary><c>.RequireWriteToken()</c> on an endpoint or a group of endpoints that write.</summary>
internal static class WriteGuardExtensions
{
    /// <summary>Puts <see cref="WriteGuard"/> in front of <paramref name="builder"/>.</summary>
    public static TBuilder RequireWriteToken<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.AddEndpointFilter<TBuilder, WriteGuard>();
}
