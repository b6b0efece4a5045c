using System.Net;
using System.Net.Sockets;

namespace PoseCluster.IntegrationTests.Nodes;

/// <summary>Free TCP ports on 127.0.0.1: bind port 0, read the port back, release it (tests never use fixed ports).</summary>
internal static class FreePort
{
    /// <summary>A port that was free a moment ago.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
