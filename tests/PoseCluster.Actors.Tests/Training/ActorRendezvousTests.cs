using PoseCluster.Actors.Tests.Support;
using PoseCluster.Actors.Training;
using PoseCluster.Models.Distributed;
using Xunit.Abstractions;

namespace PoseCluster.Actors.Tests.Training;

/// <summary>Gloo's rendezvous served by an actor: two ranks in this process meet through it and all-reduce.</summary>
public sealed class ActorRendezvousTests(ITestOutputHelper output) : ActorSpec(output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Two_in_process_ranks_rendezvous_through_the_store_actor_and_all_reduce()
    {
        var store = Sys.ActorOf(RendezvousStoreActor.Props(), "rendezvous");
        var groups = await Task.WhenAll(Enumerable.Range(0, 2).Select(rank =>
            ProcessGroup.CreateAsync(rank, 2, new ActorRendezvousStore(store, Timeout), "127.0.0.1", Timeout)));
        try
        {
            var sums = await Task.WhenAll(groups.Select(group => Task.Run(() =>
            {
                var data = Enumerable.Range(0, 1000).Select(i => (float)(i + (group.Rank * 1000))).ToArray();
                group.AllReduceMean(data);
                return data;
            })));

            Assert.Equal(sums[0], sums[1]);
            Assert.Equal(500f, sums[0][0]);
            Assert.Equal(1499f, sums[0][999]);
        }
        finally
        {
            foreach (var group in groups)
            {
                group.Dispose();
            }
        }
    }

    [Fact]
    public async Task A_rank_whose_peer_never_comes_times_out_waiting_in_the_store()
    {
        var store = Sys.ActorOf(RendezvousStoreActor.Props(), "lonely");
        var error = await Assert.ThrowsAsync<CollectiveException>(() => ProcessGroup.CreateAsync(0, 2, new ActorRendezvousStore(store, Timeout), "127.0.0.1", TimeSpan.FromSeconds(2)));

        Assert.Equal(CollectiveFailure.Timeout, error.Failure);
    }
}
