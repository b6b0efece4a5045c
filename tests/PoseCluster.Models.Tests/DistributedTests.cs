using System.Diagnostics;
using PoseCluster.Models.Distributed;
using PoseCluster.Models.Tests.Worker;

namespace PoseCluster.Models.Tests;

/// <summary>Gloo between two processes: this test process is rank 0, a worker process (this assembly's Main) rank 1.</summary>
[Collection(TorchGlobalState.Name)]
public sealed class DistributedTests
{
    [Fact]
    public async Task Two_processes_all_reduce_broadcast_and_meet_at_barriers_at_1_73k_and_10M_floats()
    {
        using var store = new StoreFolder();
        using var worker = TwoRanks.StartWorker("collectives", store.Path);
        string mine;
        using (var group = await ProcessGroup.CreateAsync(0, 2, new FileRendezvousStore(store.Path), "127.0.0.1", TwoRanks.Timeout))
        {
            mine = TwoRanks.Collectives(group);
        }

        var (code, output, error) = await Finish(worker);
        Assert.True(code == 0, $"worker exit {code}: {error}");
        Assert.Equal("1:ok 73500:ok 10000000:ok", mine);
        Assert.Equal(mine, output.Trim());
    }

    [Fact]
    public async Task Killing_one_rank_gives_the_other_a_typed_error_within_the_timeout_not_a_hang()
    {
        using var store = new StoreFolder();
        using var worker = TwoRanks.StartWorker("wait-to-be-killed", store.Path);
        using var group = await ProcessGroup.CreateAsync(0, 2, new FileRendezvousStore(store.Path), "127.0.0.1", TwoRanks.Timeout);
        Assert.Equal("ready", await worker.StandardOutput.ReadLineAsync());
        worker.Kill(entireProcessTree: true);
        await worker.WaitForExitAsync();

        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<CollectiveException>(() => Task.Run(() =>
        {
            var data = new float[73_500];
            for (var i = 0; i < 100; i++)
            {
                group.AllReduceMean(data);
            }
        }));
        Assert.True(error.Failure is CollectiveFailure.PeerLost or CollectiveFailure.Timeout, $"{error.Failure}: {error.Message}");
        Assert.True(watch.Elapsed < TwoRanks.Timeout + TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task A_rank_whose_peer_never_comes_fails_with_a_timeout()
    {
        using var store = new StoreFolder();
        var error = await Assert.ThrowsAsync<CollectiveException>(() => ProcessGroup.CreateAsync(1, 2, new FileRendezvousStore(store.Path), "127.0.0.1", TimeSpan.FromSeconds(2)));
        Assert.Equal(CollectiveFailure.Timeout, error.Failure);
        Assert.Contains("rank", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_rank_outside_the_world_is_refused()
    {
        using var store = new StoreFolder();
        var error = Assert.Throws<CollectiveException>(() => ProcessGroup.Create(2, 2, new FileRendezvousStore(store.Path), "127.0.0.1", TimeSpan.FromSeconds(1)));
        Assert.Equal(CollectiveFailure.InvalidArgument, error.Failure);
    }

    [Fact]
    public async Task Two_ranks_training_data_parallel_on_different_clips_keep_identical_parameters()
    {
        const int steps = 5;
        using var store = new StoreFolder();
        using var worker = TwoRanks.StartWorker("train", store.Path, steps.ToString(System.Globalization.CultureInfo.InvariantCulture));
        string mine;
        using (var group = await ProcessGroup.CreateAsync(0, 2, new FileRendezvousStore(store.Path), "127.0.0.1", TwoRanks.Timeout))
        {
            mine = await Task.Run(() => TwoRanks.Train(group, steps));
        }

        var (code, output, error) = await Finish(worker);
        Assert.True(code == 0, $"worker exit {code}: {error}");
        Assert.StartsWith($"step {steps} parameters ", mine, StringComparison.Ordinal);
        Assert.Equal(mine, output.Trim());
    }

    [Fact]
    public async Task Two_ranks_resumed_from_rank_0s_checkpoint_in_a_new_attempt_end_bit_identical_to_an_uninterrupted_run()
    {
        const int steps = 4;
        string Run(string scenario, string store, Func<string> mine)
        {
            using var worker = TwoRanks.StartWorker(scenario, store, steps.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var local = mine();
            var (code, output, error) = Finish(worker).GetAwaiter().GetResult();
            Assert.True(code == 0, $"worker exit {code}: {error}");
            Assert.Equal(local, output.Trim());
            return local;
        }

        using var straight = new StoreFolder();
        using var resumed = new StoreFolder();
        var expected = await Task.Run(() => Run("train", straight.Path, () =>
        {
            using var group = ProcessGroup.Create(0, 2, new FileRendezvousStore(straight.Path), "127.0.0.1", TwoRanks.Timeout);
            return TwoRanks.Train(group, steps);
        }));
        var actual = await Task.Run(() => Run("train-resumed", resumed.Path, () => TwoRanks.TrainResumed(0, resumed.Path, steps)));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void A_missing_shim_is_reported_naming_the_file_the_folders_and_the_variable()
    {
        var empty = Directory.CreateTempSubdirectory("posecluster-native-").FullName;
        try
        {
            var error = Assert.Throws<GlooLibraryNotFoundException>(() => GlooLibrary.Locate([empty]));
            Assert.Contains(GlooLibrary.FileName, error.Message, StringComparison.Ordinal);
            Assert.Contains(empty, error.Message, StringComparison.Ordinal);
            Assert.Contains(GlooLibrary.DirectoryVariable, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    private static async Task<(int Code, string Output, string Error)> Finish(Process worker)
    {
        var output = worker.StandardOutput.ReadToEndAsync();
        var error = worker.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TwoRanks.Timeout * 3);
        await worker.WaitForExitAsync(timeout.Token);
        return (worker.ExitCode, await output, await error);
    }

    private sealed class StoreFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("posecluster-rendezvous-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
