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
        using var model = Model(group.Rank);
        TrainSteps(model, group, steps, default);
        return Hash(model);
    }

    /// <summary>
    /// <see cref="Train"/> interrupted after half the steps: attempt 1 trains and rank 0 keeps a checkpoint;
    /// attempt 2 (a new rendezvous, fresh models) resumes from it through rank 0's broadcast. Must end with
    /// the same parameters as an uninterrupted run.
    /// </summary>
    public static string TrainResumed(int rank, string storeRoot, int steps)
    {
        using var checkpoint = new MemoryStream();
        using (var group = ProcessGroup.Create(rank, 2, new FileRendezvousStore(Path.Combine(storeRoot, "attempt-1")), "127.0.0.1", Timeout))
        using (var model = Model(rank))
        {
            TrainSteps(model, group, steps / 2, default);
            if (rank == 0)
            {
                model.Save(checkpoint, new SamplerPosition(0, steps / 2));
            }
        }

        using (var group = ProcessGroup.Create(rank, 2, new FileRendezvousStore(Path.Combine(storeRoot, "attempt-2")), "127.0.0.1", Timeout))
        using (var model = Model(rank + 7))
        {
            var position = default(SamplerPosition);
            if (rank == 0)
            {
                checkpoint.Position = 0;
                position = model.Load(checkpoint);
            }

            TrainSteps(model, group, steps, position);
            return Hash(model);
        }
    }

    private static SoloPoseModel Model(int seedOffset)
    {
        SoloPoseModel.SetThreads(1);
        return SoloPoseModel.Create(ModelOptions.Tiny with { Seed = 100 + seedOffset });
    }

    /// <summary>Synchronizes from rank 0, then trains until the model has taken <paramref name="targetStep"/> steps.</summary>
    private static void TrainSteps(SoloPoseModel model, ProcessGroup group, int targetStep, SamplerPosition position)
    {
        var trainer = new DataParallelTrainer(model, group, bucketBytes: 64 * 1024);
        var start = trainer.SynchronizeFromRankZero(position);
        if (start.Batch != model.Step)
        {
            throw new InvalidOperationException($"rank {group.Rank}: position {start} after synchronizing, model at step {model.Step}");
        }

        const int batch = 2;
        var poses = TestPoses.Clips(batch, model.Options.Frames, 10 + group.Rank);
        var input = TestPoses.Keypoints(poses);
        while (model.Step < targetStep)
        {
            trainer.Step(input, poses, batch);
        }
    }

    private static string Hash(SoloPoseModel model)
    {
        var parameters = new float[model.ParameterCount];
        model.CopyParameters(parameters);
        var hash = Convert.ToHexStringLower(SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(parameters.AsSpan())));
        return $"step {model.Step} parameters {hash}";
    }
}
