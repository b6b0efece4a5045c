using System.Net;

namespace PoseCluster.Host.Http;

/// <summary>Whether an HTTP listen address is reachable only from this machine.</summary>
internal static class HttpBinding
{
    /// <summary>True for localhost and loopback addresses (127.0.0.0/8, ::1); false for 0.0.0.0, *, + and every other host.</summary>
    public static bool IsLoopback(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var host = url.Host;
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }
}
