using System.Diagnostics;
using System.Globalization;
using PoseCluster.Datasets;
using PoseCluster.Datasets.AugMotion;
using PoseCluster.Datasets.Ingestion;
using PoseCluster.Datasets.Pipeline;
using PoseCluster.Datasets.Sources;
using PoseCluster.Storage.Objects;
using PoseCluster.Storage.Pipeline;
using PoseCluster.Testing;

// `posecluster harmonize` end to end on a Human3.6M-layout npz (600k frames, 220 MiB by default) against
// the numpy peer doing the same steps (bench/peers/augmotion_numpy.py --npz), in one run: each round runs
// our CLI pinned to 1 core, to 2 cores, and the peer pinned to 1 core, in a rotating order; every run
// starts from an empty output folder and registry (no stage-1 cache), the input file warm in the page
// cache for all. Wall clock and CPU time (user + sys) per run come from /usr/bin/time.
// `--profile` instead runs the build in-process and prints each phase's time.
// `--cluster [--cpus 0,1]` instead compares the cluster path with the one-process build on the same cores, alternating:
// `posecluster datasets add --name h36m --kind h36m --path DIR --wait` against a one-node cluster started (untimed)
// for the run on an empty home and warmed up (untimed) so that it holds the small MADS fixture as "mads", vs
// `posecluster harmonize --dataset h36m=DIR --dataset mads=FIXTURE --out OUT`: the same version; both from an empty
// stage-1 cache.
var frames = IntArg("--frames", 600_000);
var rounds = IntArg("--rounds", 3);
var python = StringArg("--python", File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3");
var root = RepositoryRoot.Find();
var work = StringArg("--work", Path.Combine(Path.GetTempPath(), "posecluster-bench-harmonize"));
var compressed = args.Contains("--compressed");
var posecluster = StringArg("--posecluster", new[]
{
    Path.Combine(root, "artifacts", "posecluster", "posecluster.dll"),
    Path.Combine(root, "src", "Host", "bin", "Release", "net10.0", "posecluster.dll"),
}.FirstOrDefault(File.Exists) ?? "posecluster.dll");
Directory.CreateDirectory(work);
var input = Path.Combine(work, $"h36m-{frames}{(compressed ? "-deflated" : "")}");
var npz = Path.Combine(input, "data_3d_h36m.npz");
if (!File.Exists(npz))
{
    Run(python, [Path.Combine(root, "bench", "harmonize", "make_h36m_npz.py"), "--out", input, "--frames", frames.ToString(CultureInfo.InvariantCulture), .. compressed ? Array.Empty<string>() : ["--stored"]], null);
}

var totalFrames = frames;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"harmonize end to end: {npz} ({new FileInfo(npz).Length / (1024.0 * 1024.0):F0} MiB, {(compressed ? "deflated" : "stored")}), {Environment.ProcessorCount} cores visible, {rounds} rounds"));
if (args.Contains("--profile"))
{
    // --cores N profiles one configuration (run it under taskset for a fair core count); else 1 then 2 in this process.
    foreach (var cores in args.Contains("--cores") ? [IntArg("--cores", 1)] : new[] { 1, 2 })
    {
        await ProfileAsync(npz, cores);
    }

    return 0;
}

if (args.Contains("--cluster"))
{
    return await ClusterOverheadAsync(StringArg("--cpus", "0,1"));
}

var runs = new List<(string Name, int Round, double Wall, double Cpu)>();
var kinds = new[] { "C# 1 core", "C# 2 cores", "numpy 1 core" };
for (var round = 0; round < rounds; round++)
{
    for (var k = 0; k < kinds.Length; k++)
    {
        var name = kinds[(k + round) % kinds.Length];
        var output = Path.Combine(work, "out");
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }

        Directory.CreateDirectory(output);
        var (wall, cpu, stdout) = name.StartsWith("numpy", StringComparison.Ordinal)
            ? Timed("0", python, [Path.Combine(root, "bench", "peers", "augmotion_numpy.py"), "--npz", npz, "--out", output],
                new Dictionary<string, string> { ["OPENBLAS_NUM_THREADS"] = "1", ["OMP_NUM_THREADS"] = "1" })
            : Timed(name.Contains('2', StringComparison.Ordinal) ? "0,1" : "0", "dotnet",
                [posecluster, "harmonize", "--dataset", $"h36m={input}", "--out", output, "--registry", $"sqlite:{Path.Combine(output, "registry.db")}"],
                new Dictionary<string, string> { ["POSECLUSTER__augmotion__parallelism"] = name.Contains('2', StringComparison.Ordinal) ? "2" : "1" });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  round {round + 1}: {name,-13} wall {wall,6:F2} s  cpu {cpu,6:F2} s  load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}  {stdout.Split('\n')[0].Trim()}"));
        runs.Add((name, round, wall, cpu));
    }
}

Console.WriteLine();
Console.WriteLine("| implementation | runs | wall median (s) | wall best (s) | frames/s per core (median wall) | vs numpy per core | CPU median (s) | frames per CPU-s | vs numpy (CPU) |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
var numpyWall = Median(runs.Where(r => r.Name.StartsWith("numpy", StringComparison.Ordinal)).Select(r => r.Wall));
var numpyCpu = Median(runs.Where(r => r.Name.StartsWith("numpy", StringComparison.Ordinal)).Select(r => r.Cpu));
foreach (var name in kinds)
{
    var mine = runs.Where(r => r.Name == name).ToList();
    var cores = name.Contains('2', StringComparison.Ordinal) ? 2 : 1;
    var wall = Median(mine.Select(r => r.Wall));
    var cpu = Median(mine.Select(r => r.Cpu));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {mine.Count} | {wall:F2} | {mine.Min(r => r.Wall):F2} | {totalFrames / wall / cores:N0} | {numpyWall * 1.0 / (wall * cores):F2}x | {cpu:F2} | {totalFrames / cpu:N0} | {numpyCpu / cpu:F2}x |"));
}

var scaling = Median(runs.Where(r => r.Name == kinds[0]).Select(r => r.Wall)) / Median(runs.Where(r => r.Name == kinds[1]).Select(r => r.Wall));
Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Scaling 1 -> 2 cores (C#, median wall): {scaling:F2}x"));
return 0;

async Task<int> ClusterOverheadAsync(string cpus)
{
    var madsFixture = Path.Combine(root, "tests", "fixtures", "datasets", "mads");
    var results = new List<(string Name, double Wall, double Cpu)>();
    for (var round = 0; round < rounds; round++)
    {
        foreach (var cluster in round % 2 == 0 ? new[] { false, true } : [true, false])
        {
            var home = Path.Combine(work, "cluster-home");
            if (Directory.Exists(home))
            {
                Directory.Delete(home, recursive: true);
            }

            Directory.CreateDirectory(home);
            double wall, cpu;
            string line;
            if (cluster)
            {
                var port = FreePort();
                var environment = new Dictionary<string, string> { ["POSECLUSTER__home"] = Path.Combine(home, ".posecluster") };
                using var node = StartNode(cpus, home, port, environment);
                // A node is long-lived: its regions' shards are allocated and its code is warm before it sees this dataset.
                // The warm-up ingests the same npz as "mads" (allocating the sequence shards: ~8 s on a new node), then
                // "mads" again as the small MADS fixture, so the timed version holds h36m + that fixture, exactly what the
                // one-process run builds; then the stage-1 cache is emptied.
                var api = $"http://127.0.0.1:{port}";
                Run("dotnet", [posecluster, "datasets", "add", "--name", "mads", "--kind", "h36m", "--path", input, "--api", api, "--wait"], environment);
                Run("dotnet", [posecluster, "datasets", "add", "--name", "mads", "--kind", "mads", "--path", madsFixture, "--api", api, "--wait"], environment);
                Directory.Delete(Path.Combine(home, ".posecluster", "objects", "stage1"), recursive: true);
                node.Refresh();
                var nodeCpu = node.TotalProcessorTime;
                (wall, cpu, var json) = Timed(cpus, "dotnet", [posecluster, "datasets", "add", "--name", "h36m", "--kind", "h36m", "--path", input, "--api", $"http://127.0.0.1:{port}", "--wait"], environment);
                node.Refresh();
                cpu += (node.TotalProcessorTime - nodeCpu).TotalSeconds;
                line = "corpus version " + System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("corpus_version").GetString();
                Run("kill", ["-TERM", node.Id.ToString(CultureInfo.InvariantCulture)], null);
                node.WaitForExit();
            }
            else
            {
                var output = Path.Combine(home, "out");
                (wall, cpu, line) = Timed(cpus, "dotnet", [posecluster, "harmonize", "--dataset", $"h36m={input}", "--dataset", $"mads={madsFixture}", "--out", output,
                    "--registry", $"sqlite:{Path.Combine(home, "registry.db")}"], []);
                line = line.Split('\n').First(l => l.StartsWith("corpus version", StringComparison.Ordinal)).Trim();
            }

            var name = cluster ? "cluster: datasets add --wait (one node)" : "one process: harmonize";
            results.Add((name, wall, cpu));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  round {round + 1}: {name,-40} wall {wall,6:F2} s  cpu {cpu,6:F2} s  load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}  {line}"));
        }
    }

    Console.WriteLine();
    Console.WriteLine("| path | runs | wall median (s) | wall best (s) | CPU median (s, CLI + node) |");
    Console.WriteLine("|---|---:|---:|---:|---:|");
    foreach (var group in results.GroupBy(r => r.Name))
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {group.Key} | {group.Count()} | {Median(group.Select(r => r.Wall)):F2} | {group.Min(r => r.Wall):F2} | {Median(group.Select(r => r.Cpu)):F2} |"));
    }

    var one = Median(results.Where(r => !r.Name.StartsWith("cluster", StringComparison.Ordinal)).Select(r => r.Wall));
    var many = Median(results.Where(r => r.Name.StartsWith("cluster", StringComparison.Ordinal)).Select(r => r.Wall));
    Console.WriteLine();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Cluster path overhead (median wall): {(many / one - 1) * 100:F1} %"));
    return 0;
}

Process StartNode(string cpus, string home, int port, Dictionary<string, string> environment)
{
    var start = new ProcessStartInfo("taskset", ["-c", cpus, "dotnet", posecluster, "node", "--port", "0", "--http", $"http://127.0.0.1:{port}"])
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        WorkingDirectory = home,
    };
    foreach (var (key, value) in environment)
    {
        start.Environment[key] = value;
    }

    var process = Process.Start(start)!;
    process.ErrorDataReceived += (_, _) => { };
    process.BeginErrorReadLine();
    while (process.StandardOutput.ReadLine() is { } line)
    {
        if (line.EndsWith(" up", StringComparison.Ordinal))
        {
            return process;
        }
    }

    throw new InvalidOperationException($"the node exited ({process.ExitCode}) before it was up");
}

static int FreePort()
{
    using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
    listener.Start();
    return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
}

async Task ProfileAsync(string file, int cores)
{
    var output = Path.Combine(work, $"profile-{cores}");
    if (Directory.Exists(output))
    {
        Directory.Delete(output, recursive: true);
    }

    var settings = new CorpusSettings(new Stage1Settings(DatasetLoaderOptions.Default, new AugMotionOptions(), cores), Stage2Options.Default, 1.0, 1L << 30);
    var harmonizer = new CorpusHarmonizer(ObjectStores.Folder(output), settings);
    var clock = Stopwatch.StartNew();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var prepared = await harmonizer.PrepareAsync(new HarmonizeRequest([DatasetSource.Create("h36m", DatasetKind.H36M, Path.GetDirectoryName(file)!)], null, null, null), CancellationToken.None);
    await harmonizer.WriteShardsAsync(prepared, CancellationToken.None);
    var used = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"in-process, {cores} worker(s): {clock.Elapsed.TotalSeconds:F2} s wall, {used:F2} s CPU; GCs so far gen0/1/2 {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, pause {GC.GetTotalPauseDuration().TotalSeconds:F2} s, allocated {GC.GetTotalAllocatedBytes() / (1 << 20)} MiB"));
    foreach (var timing in harmonizer.Timings)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {timing.Phase,-26} {timing.Seconds,6:F3} s"));
    }
}

(double Wall, double Cpu, string Stdout) Timed(string cpus, string program, string[] arguments, Dictionary<string, string> environment)
{
    var timeFile = Path.Combine(work, "time.txt");
    var stdout = Run("taskset", ["-c", cpus, "/usr/bin/time", "-o", timeFile, "-f", "%e %U %S", program, .. arguments], environment);
    var parts = File.ReadAllText(timeFile).Trim().Split('\n')[^1].Split(' ').Select(p => double.Parse(p, CultureInfo.InvariantCulture)).ToArray();
    return (parts[0], parts[1] + parts[2], stdout);
}

static string Run(string program, string[] arguments, Dictionary<string, string>? environment)
{
    var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var (key, value) in environment ?? [])
    {
        start.Environment[key] = value;
    }

    using var process = Process.Start(start)!;
    var stderr = process.StandardError.ReadToEndAsync();
    var stdout = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    return process.ExitCode == 0 ? stdout : throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {stderr.Result}");
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}

string StringArg(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

int IntArg(string name, int fallback) => int.Parse(StringArg(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
