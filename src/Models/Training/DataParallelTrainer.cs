using System.Diagnostics;
using System.Runtime.InteropServices;
using PoseCluster.Models.Distributed;
using TorchSharp;
using static TorchSharp.torch;

namespace PoseCluster.Models.Training;

/// <summary>
/// Data-parallel SoloPose training (ARCHITECTURE §6-7), the same code for one rank and for many: each step
/// runs forward/backward on this rank's batch, all-reduces the flat gradient vector in buckets of
/// posecluster.training.bucket-size (mean over ranks, in place), clips, steps AdamW on the schedule.
/// Ranks start identical (<see cref="SynchronizeFromRankZero"/> broadcasts rank 0's whole state: model,
/// optimizer, step, sampler position, RNG) and stay identical because they apply the same averaged gradients.
/// </summary>
public sealed class DataParallelTrainer
{
    private readonly SoloPoseModel model;
    private readonly ProcessGroup? group;
    private readonly long bucketFloats;
    private readonly float[] scalar = new float[1];

    /// <summary>Trains <paramref name="model"/> with the ranks of <paramref name="group"/> (null: one rank, no all-reduce).</summary>
    public DataParallelTrainer(SoloPoseModel model, ProcessGroup? group, long bucketBytes)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(bucketBytes, sizeof(float));
        this.model = model;
        this.group = group;
        bucketFloats = bucketBytes / sizeof(float);
    }

    /// <summary>This rank (0 with one rank).</summary>
    public int Rank => group?.Rank ?? 0;

    /// <summary>Ranks training together.</summary>
    public int WorldSize => group?.WorldSize ?? 1;

    /// <summary>The model trained.</summary>
    public SoloPoseModel Model => model;

    /// <summary>Buckets one gradient all-reduce is split into.</summary>
    public long Buckets => (model.ParameterCount + bucketFloats - 1) / bucketFloats;

    /// <summary>One step on this rank's batch; every rank must call it the same number of times.</summary>
    public StepMetrics Step(ReadOnlySpan<float> input, ReadOnlySpan<float> pose3d, int batch)
    {
        var watch = Stopwatch.StartNew();
        var loss = model.ForwardBackward(input, pose3d, batch);
        double reduceMs = 0;
        if (group is { WorldSize: > 1 })
        {
            var reduce = Stopwatch.StartNew();
            AllReduceGradients(group);
            scalar[0] = loss;
            group.AllReduceMean(scalar);
            loss = scalar[0];
            reduceMs = reduce.Elapsed.TotalMilliseconds;
        }

        var result = model.OptimizerStep();
        var elapsed = watch.Elapsed;
        return new StepMetrics(model.Step, loss, result.LearningRate, result.GradientNorm, batch * WorldSize / elapsed.TotalSeconds, reduceMs, elapsed.TotalMilliseconds);
    }

    /// <summary>
    /// Makes every rank's model, optimizer, step and RNG rank 0's, and returns rank 0's
    /// <paramref name="position"/> on every rank: call it at the start and after rank 0 resumed from a checkpoint.
    /// </summary>
    public SamplerPosition SynchronizeFromRankZero(SamplerPosition position)
    {
        if (group is not { WorldSize: > 1 })
        {
            return position;
        }

        byte[] state = [];
        if (group.Rank == 0)
        {
            using var buffer = new MemoryStream();
            model.Save(buffer, position);
            state = buffer.ToArray();
        }

        var length = new long[] { state.Length };
        group.Broadcast(MemoryMarshal.AsBytes(length.AsSpan()), root: 0);
        if (group.Rank != 0)
        {
            state = new byte[length[0]];
        }

        group.Broadcast(state, root: 0);
        if (group.Rank == 0)
        {
            return position;
        }

        using var received = new MemoryStream(state, writable: false);
        return model.Load(received);
    }

    private void AllReduceGradients(ProcessGroup ranks)
    {
        var gradients = model.Gradients;
        if (gradients.device_type == DeviceType.CPU)
        {
            ReduceBuckets(ranks, MemoryMarshal.Cast<byte, float>(gradients.bytes));
            return;
        }

        // No GPU transport in the shim: reduce a host copy and copy it back.
        using var host = gradients.cpu();
        ReduceBuckets(ranks, MemoryMarshal.Cast<byte, float>(host.bytes));
        using var back = host.to(gradients.device);
        using var noGrad = torch.no_grad();
        gradients.copy_(back);
    }

    private void ReduceBuckets(ProcessGroup ranks, Span<float> all)
    {
        for (long offset = 0; offset < all.Length; offset += bucketFloats)
        {
            var length = (int)Math.Min(bucketFloats, all.Length - offset);
            ranks.AllReduceMean(all.Slice((int)offset, length));
        }
    }
}
