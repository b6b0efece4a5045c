using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace PoseCluster.IntegrationTests.Nodes;

/// <summary>
/// Free TCP ports on 127.0.0.1: bind port 0, read the port back, release it (tests never use fixed ports).
/// A released port may be handed out by the kernel again at the next bind (a run was seen with two nodes
/// given the same Akka.Remote port), so every port is given out at most once per test process.
/// </summary>
internal static class FreePort
{
    // Ports already given to a node of this test process (test-only state, shared by the parallel tests).
    private static readonly ConcurrentDictionary<int, byte> Given = new();

    /// <summary>A port that was free a moment ago and that no other caller in this process got.</summary>
    public static int Next()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            if (Given.TryAdd(port, 0))
            {
                return port;
            }
        }
    }
}
