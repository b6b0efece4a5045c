using System.Security.Cryptography;
using System.Text;
using PoseCluster.Host.Node;

namespace PoseCluster.Host.Http;

/// <summary>
/// Writes need <c>Authorization: Bearer &lt;posecluster.http.token&gt;</c> when a token is configured
/// (401 otherwise); with no token, every caller may write (the node then only listens on loopback).
/// Put it on every endpoint or group that changes something: <c>.RequireWriteToken()</c>.
/// </summary>
internal sealed class WriteGuard(NodeSettings settings) : IEndpointFilter
{
    private readonly byte[] _token = Encoding.UTF8.GetBytes(settings.HttpToken);

    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (_token.Length > 0 && !Authorized(context.HttpContext.Request.Headers.Authorization.ToString()))
        {
            return Results.Problem(
                title: "a bearer token is required",
                detail: "this node has posecluster.http.token set: send 'Authorization: Bearer <token>'",
                statusCode: StatusCodes.Status401Unauthorized);
        }

        return await next(context).ConfigureAwait(false);
    }

    private bool Authorized(string header)
    {
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // Constant time, so the comparison does not tell how much of a guess was right.
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()), _token);
    }
}
