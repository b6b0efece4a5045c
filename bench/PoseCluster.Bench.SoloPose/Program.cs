using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PoseCluster.Models;
using PoseCluster.Models.Distributed;
using PoseCluster.Models.Training;
using TorchSharp;

// The TorchSharp side of bench/solopose/run.sh (the PyTorch peers are bench/peers/solopose_torch.py and
// bench/solopose/allreduce_torch.py). Every mode prints one JSON line.
//   steps      --head heatpose|regression --steps N --threads N [sizes]   training steps/s on fixed random clips
//   allreduce  --rank R --world N --store DIR --sizes a,b,c --repeats N    median all-reduce (mean) ms per size
//   dp         --rank R --world N --store DIR --steps N [sizes]            data-parallel training clips/s
// Sizes (the peer's flags): --frames --batch --embed --depth --heads --window-t --channels --token-dim --grid.
var arguments = Arguments.Parse(args);
var mode = args.Length > 0 ? args[0] : "steps";
torch.set_num_threads(arguments.Int("threads", 1));
var result = mode switch
{
    "steps" => Steps(arguments),
    "allreduce" => AllReduce(arguments),
    "dp" => DataParallel(arguments),
    _ => throw new ArgumentException($"unknown mode {mode}"),
};
Console.WriteLine(JsonSerializer.Serialize(result));
return 0;

static ModelOptions Options(Arguments a) => ModelOptions.Small with
{
    Head = a.String("head", "heatpose") == "heatpose" ? HeadKind.HeatPose : HeadKind.Regression,
    Frames = a.Int("frames", 16), EmbedDim = a.Int("embed", 64), Depth = a.Int("depth", 4), Heads = a.Int("heads", 4),
    WindowT = a.Int("window-t", 4), HeadChannels = a.Int("channels", 16), HeadTokenDim = a.Int("token-dim", 8), Grid = a.Int("grid", 16),
    LearningRate = 1e-3f, MinLearningRateRatio = 1f, WarmupSteps = 100, TotalSteps = 1000,
};

// The peer's data: poses ~ N(0, 300 mm) from a generator seeded 1, keypoints = the (x, z) plane.
static (float[] Input, float[] Pose) Clips(ModelOptions options, int batch, long seed)
{
    var generator = new torch.Generator((ulong)seed);
    using var pose = torch.randn([batch, options.Frames, options.Joints, 3], generator: generator) * 300;
    using var keypoints = pose.index_select(-1, torch.tensor(new long[] { 0, 2 })).contiguous();
    return (keypoints.data<float>().ToArray(), pose.data<float>().ToArray());
}

static object Steps(Arguments a)
{
    var options = Options(a);
    var batch = a.Int("batch", 4);
    var steps = a.Int("steps", 10);
    using var model = SoloPoseModel.Create(options);
    var (input, pose) = Clips(options, batch, 1);
    var losses = new List<float>();
    void Step()
    {
        losses.Add(model.ForwardBackward(input, pose, batch));
        model.OptimizerStep();
    }

    Step(); // warm-up, not timed
    var process = Process.GetCurrentProcess();
    var cpu = process.TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    for (var s = 0; s < steps; s++)
    {
        Step();
    }

    var seconds = watch.Elapsed.TotalSeconds;
    process.Refresh();
    var cpuMs = (process.TotalProcessorTime - cpu).TotalMilliseconds / steps;
    var predicted = new float[model.PoseLength(batch)];
    var predict = Stopwatch.StartNew();
    model.Predict(input, batch, predicted);
    return new { impl = "torchsharp", head = a.String("head", "heatpose"), steps_per_s = steps / seconds, cpu_ms_per_step = cpuMs, loss_first = losses[0], loss_last = losses[^1], predict_ms = predict.Elapsed.TotalMilliseconds };
}

static object AllReduce(Arguments a)
{
    using var group = Join(a);
    var repeats = a.Int("repeats", 20);
    var medians = new Dictionary<string, double>();
    foreach (var size in a.String("sizes", "73500,1000000,10000000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)))
    {
        var data = new float[size];
        Array.Fill(data, group.Rank + 1);
        group.AllReduceMean(data); // warm-up: connections and buffers
        var times = new List<double>();
        for (var r = 0; r < repeats; r++)
        {
            group.Barrier();
            var watch = Stopwatch.StartNew();
            group.AllReduceMean(data);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        medians[size.ToString(CultureInfo.InvariantCulture)] = times[times.Count / 2];
    }

    return new { impl = "gloo-shim", rank = group.Rank, median_ms = medians };
}

static object DataParallel(Arguments a)
{
    var world = a.Int("world", 1);
    using var group = world > 1 ? Join(a) : null;
    var options = Options(a);
    var batch = a.Int("batch", 8);
    var steps = a.Int("steps", 10);
    using var model = SoloPoseModel.Create(options);
    var trainer = new DataParallelTrainer(model, group, 25_000_000);
    trainer.SynchronizeFromRankZero(default);
    var (input, pose) = Clips(options, batch, 1 + trainer.Rank);
    trainer.Step(input, pose, batch); // warm-up, not timed
    var watch = Stopwatch.StartNew();
    double reduceMs = 0;
    for (var s = 0; s < steps; s++)
    {
        reduceMs += trainer.Step(input, pose, batch).AllReduceMilliseconds;
    }

    var seconds = watch.Elapsed.TotalSeconds;
    return new { impl = "torchsharp", rank = trainer.Rank, world = trainer.WorldSize, clips_per_s = steps * batch * trainer.WorldSize / seconds, allreduce_ms = reduceMs / steps };
}

static ProcessGroup Join(Arguments a) =>
    ProcessGroup.Create(a.Int("rank", 0), a.Int("world", 2), new FileRendezvousStore(a.String("store", "")), "127.0.0.1", TimeSpan.FromSeconds(120));

/// <summary>--name value pairs.</summary>
internal sealed class Arguments(Dictionary<string, string> values)
{
    public static Arguments Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        return new Arguments(values);
    }

    public int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public string String(string name, string fallback) => values.GetValueOrDefault(name, fallback);
}
