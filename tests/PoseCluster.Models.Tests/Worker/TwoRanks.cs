using System.Diagnostics;
using System.Security.Cryptography;
using PoseCluster.Models.Distributed;
using PoseCluster.Models.Training;

namespace PoseCluster.Models.Tests.Worker;

/// <summary>What both ranks of a two-process test run: the test process as rank 0, a worker process as rank 1.</summary>
internal static class TwoRanks
{
    /// <summary>Rendezvous and collective timeout: generous, the CI machine is shared.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>The sizes the issue names: one float, one regression-model gradient (73.5k) and 10M floats.</summary>
    public static readonly int[] Sizes = [1, 73_500, 10_000_000];

    /// <summary>Starts rank 1 as a process of this test assembly.</summary>
    public static Process StartWorker(string scenario, string storeFolder, params string[] extra)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PoseCluster.Models.Tests.dll"));
        foreach (var a in (string[])["rank", scenario, "1", "2", storeFolder, .. extra])
        {
            start.ArgumentList.Add(a);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("could not start the worker");
    }

    /// <summary>
    /// All-reduce (mean) of every size, broadcast from rank 1 and a barrier; checks every value and returns a
    /// summary that both ranks must print identically.
    /// </summary>
    public static string Collectives(ProcessGroup group)
    {
        var results = new List<string>();
        foreach (var size in Sizes)
        {
            var data = new float[size];
            for (var i = 0; i < size; i++)
            {
                data[i] = ((group.Rank + 1) * (i % 1000)) + group.Rank;
            }

            group.AllReduceMean(data);
            for (var i = 0; i < size; i++)
            {
                // Ranks 0 and 1 hold i%1000 and 2*(i%1000)+1: the mean is 1.5*(i%1000)+0.5, exact in float.
                var expected = (1.5f * (i % 1000)) + 0.5f;
                if (data[i] != expected)
                {
                    throw new InvalidOperationException($"all-reduce of {size} floats: [{i}] = {data[i]}, expected {expected}");
                }
            }

            var bytes = new byte[size];
            if (group.Rank == 1)
            {
                for (var i = 0; i < size; i++)
                {
                    bytes[i] = (byte)(i * 7);
                }
            }

            group.Broadcast(bytes, root: 1);
            for (var i = 0; i < size; i++)
            {
                if (bytes[i] != (byte)(i * 7))
                {
                    throw new InvalidOperationException($"broadcast of {size} bytes: [{i}] = {bytes[i]}");
                }
            }

            group.Barrier();
            results.Add($"{size}:ok");
        }

        return string.Join(' ', results);
    }

    /// <summary>Trains the tiny model data-parallel on rank-specific clips; returns a hash of the parameters.</summary>
    public static string Train(ProcessGroup group, int steps)
    {
        SoloPoseModel.SetThreads(1);
        var options = ModelOptions.Tiny with { Seed = 100 + group.Rank };
        using var model = SoloPoseModel.Create(options);
        var trainer = new DataParallelTrainer(model, group, bucketBytes: 64 * 1024);
        trainer.SynchronizeFromRankZero(default);
        const int batch = 2;
        var poses = TestPoses.Clips(batch, options.Frames, 10 + group.Rank);
        var input = TestPoses.Keypoints(poses);
        for (var s = 0; s < steps; s++)
        {
            trainer.Step(input, poses, batch);
        }

        var parameters = new float[model.ParameterCount];
        model.CopyParameters(parameters);
        var hash = Convert.ToHexStringLower(SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(parameters.AsSpan())));
        return $"step {model.Step} parameters {hash}";
    }
}
