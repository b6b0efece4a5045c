using System.Net;
using System.Net.Sockets;
using PoseCluster.Models.Native;

namespace PoseCluster.Models.Tests;

public sealed class ProcessGroupTests
{
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Two_ranks_average_broadcast_and_meet_at_a_barrier()
    {
        var port = FreePort();
        var timeout = TimeSpan.FromSeconds(60);
        float[][] results = [[], []];
        await Task.WhenAll(Enumerable.Range(0, 2).Select(rank => Task.Run(() =>
        {
            using var group = ProcessGroup.Create("127.0.0.1", port, rank, 2, timeout);
            float[] data = [rank + 1, 10 * (rank + 1), 5];
            group.AllReduceMean(data);
            float[] shared = [rank == 0 ? 42f : -1f, rank];
            group.Broadcast(shared, root: 0);
            group.Barrier();
            results[rank] = [.. data, .. shared];
        })));

        Assert.Equal([1.5f, 15f, 5f, 42f, 0f], results[0]);
        Assert.Equal(results[0], results[1]);
    }

    [Fact]
    public void A_rank_whose_peers_never_come_fails_after_the_timeout_with_a_message()
    {
        var error = Assert.Throws<NativeException>(() => ProcessGroup.Create("127.0.0.1", FreePort(), 1, 2, TimeSpan.FromSeconds(2)));
        Assert.Equal(NativeStatus.DistributedError, error.Status);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void A_rank_outside_the_world_is_refused()
    {
        var error = Assert.Throws<NativeException>(() => ProcessGroup.Create("127.0.0.1", FreePort(), 2, 2, TimeSpan.FromSeconds(1)));
        Assert.Equal(NativeStatus.InvalidArgument, error.Status);
        Assert.Contains("rank", error.Message, StringComparison.Ordinal);
    }
}
