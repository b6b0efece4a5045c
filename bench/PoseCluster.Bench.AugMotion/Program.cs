using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PoseCluster.Bench.AugMotion;
using PoseCluster.Datasets;
using PoseCluster.Datasets.AugMotion;
using PoseCluster.Testing;

// AugMotion harmonization throughput: this implementation on 1 and 2 cores against the numpy peer
// (bench/peers/augmotion_numpy.py) on the same .npy files, in one run. Two measurements each:
// "compute" = sequences already in memory, output discarded; "end to end" = read .npy, harmonize,
// write .npy. Best of --repeats runs.
var sequences = IntArg("--sequences", 64);
var frames = IntArg("--frames", 1500);
var repeats = IntArg("--repeats", 3);
var python = StringArg("--python", File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3");
var root = RepositoryRoot.Find();
var work = Directory.CreateTempSubdirectory("posecluster-bench-augmotion-").FullName;
try
{
    var input = Path.Combine(work, "input");
    SyntheticCorpus.Write(input, sequences, frames);
    var files = Directory.GetFiles(input, "*.npy").Order(StringComparer.Ordinal).ToArray();
    var inMemory = files.Select(SyntheticCorpus.Read).ToArray();
    var totalFrames = inMemory.Sum(s => s.FrameCount);

    Console.WriteLine($"AugMotion harmonization: {sequences} sequences x {frames} frames = {totalFrames} frames; best of {repeats}; {Environment.ProcessorCount} cores visible");
    var rows = new List<(string Name, int Cores, double Compute, double EndToEnd)>();
    var cpuRows = new List<(string Name, int Cores, double Compute, double EndToEnd)>();
    foreach (var cores in new[] { 1, 2 })
    {
        var compute = Best(repeats, () => Run(Split(cores, i => inMemory[i], files.Length), new DiscardSink(), cores));
        var outDir = Path.Combine(work, $"out-cs-{cores}");
        var endToEnd = Best(repeats, () => Run(Split(cores, i => SyntheticCorpus.Read(files[i]), files.Length), new NpySequenceSink(outDir), cores));
        rows.Add(("C# (PoseCluster)", cores, compute.Wall, endToEnd.Wall));
        cpuRows.Add(("C# (PoseCluster)", cores, compute.Cpu, endToEnd.Cpu));
    }

    var peer = RunPeer(python, Path.Combine(root, "bench", "peers", "augmotion_numpy.py"), input, Path.Combine(work, "out-py"), repeats);
    rows.Add(("numpy peer", 1, peer.GetProperty("compute_s").GetDouble(), peer.GetProperty("end_to_end_s").GetDouble()));
    cpuRows.Add(("numpy peer", 1, peer.GetProperty("compute_cpu_s").GetDouble(), peer.GetProperty("end_to_end_cpu_s").GetDouble()));
    if (peer.GetProperty("frames").GetInt64() != totalFrames)
    {
        throw new InvalidOperationException($"the peer saw {peer.GetProperty("frames").GetInt64()} frames, expected {totalFrames}");
    }

    Console.WriteLine();
    Console.WriteLine("Wall clock (frames/s; per core = divided by the workers):");
    Table(rows, totalFrames, divideByCores: true);
    Console.WriteLine();
    Console.WriteLine("CPU time of the process (frames per CPU-second: per-core cost, less sensitive to other load on the machine):");
    Table(cpuRows, totalFrames, divideByCores: false);

    Console.WriteLine();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Scaling 1 -> 2 cores (C#): compute {rows[0].Compute / rows[1].Compute:F2}x, end to end {rows[0].EndToEnd / rows[1].EndToEnd:F2}x"));
}
finally
{
    Directory.Delete(work, recursive: true);
}

return 0;

static (double Wall, double Cpu) Run(IReadOnlyList<HarmonizationSource> sources, IHarmonizedSequenceSink sink, int cores)
{
    var options = HarmonizerOptions.Default with { MaxDegreeOfParallelism = cores };
    using var process = Process.GetCurrentProcess();
    var cpu = process.TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    new Harmonizer(options).RunAsync(sources, sink, CancellationToken.None).GetAwaiter().GetResult();
    var wall = watch.Elapsed.TotalSeconds;
    process.Refresh();
    return (wall, (process.TotalProcessorTime - cpu).TotalSeconds);
}

static void Table(List<(string Name, int Cores, double Compute, double EndToEnd)> rows, long frames, bool divideByCores)
{
    var numpy = rows[^1];
    Console.WriteLine("| implementation | workers | compute: frames/s | per core | vs numpy/core | end to end: frames/s | per core | vs numpy/core |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
    foreach (var (name, cores, compute, endToEnd) in rows)
    {
        var divisor = divideByCores ? cores : 1;
        double c = frames / compute, e = frames / endToEnd;
        double nc = frames / numpy.Compute, ne = frames / numpy.EndToEnd;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {cores} | {(divideByCores ? c.ToString("N0", CultureInfo.InvariantCulture) : "-")} | {c / divisor:N0} | {c / divisor / nc:F1}x | {(divideByCores ? e.ToString("N0", CultureInfo.InvariantCulture) : "-")} | {e / divisor:N0} | {e / divisor / ne:F1}x |"));
    }
}

// One source per core, so that reading files (the producer's job) is spread as well.
static IReadOnlyList<HarmonizationSource> Split(int parts, Func<int, PoseSequence> load, int count) =>
[
    .. Enumerable.Range(0, parts).Select(p => new HarmonizationSource("bench", _ =>
        Enumerable.Range(0, count).Where(i => i % parts == p).Select(i => SequenceLoadResult.Loaded($"seq_{i:D4}", load(i))))),
];

static (double Wall, double Cpu) Best(int repeats, Func<(double Wall, double Cpu)> run)
{
    run(); // warm-up: JIT and file cache
    var runs = Enumerable.Range(0, repeats).Select(_ => run()).ToList();
    return (runs.Min(r => r.Wall), runs.Min(r => r.Cpu));
}

static JsonElement RunPeer(string python, string script, string input, string output, int repeats)
{
    var start = new ProcessStartInfo(python, [script, "--input", input, "--out", output, "--repeats", repeats.ToString(CultureInfo.InvariantCulture)])
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    };

    // One core for the peer: numpy's BLAS would otherwise spread the SVDs over every core.
    foreach (var variable in new[] { "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS" })
    {
        start.Environment[variable] = "1";
    }

    using var process = Process.Start(start)!;
    var stdout = process.StandardOutput.ReadToEnd();
    var stderr = process.StandardError.ReadToEnd();
    process.WaitForExit();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"numpy peer failed: {stderr}");
    }

    return JsonDocument.Parse(stdout).RootElement.Clone();
}

string StringArg(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

int IntArg(string name, int fallback) => int.Parse(StringArg(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

/// <summary>Drops every sequence: measures the harmonization alone.</summary>
internal sealed class DiscardSink : IHarmonizedSequenceSink
{
    public ValueTask<string> WriteAsync(HarmonizedSequence sequence, CancellationToken cancellationToken) => ValueTask.FromResult("");
}
