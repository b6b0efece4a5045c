using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PoseCluster.Datasets.Formats;

// Loading throughput of the format readers: reads every file of bench/formats/run.sh's manifest with
// its reader (and with File.ReadAllBytes as the memory-copy baseline), a warm-up then N timed runs,
// and prints one JSON object per line: {"reader", "file", "seconds"} (the best run: the machine is
// shared, and the minimum is the least disturbed measurement).
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: PoseCluster.Bench.Formats DIR [REPEATS]   (DIR holds manifest.json from formats_peer.py generate)");
    return 2;
}

var dir = args[0];
var repeats = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "manifest.json")));
foreach (var entry in manifest.RootElement.EnumerateArray())
{
    var file = entry.GetProperty("file").GetString()!;
    var path = Path.Combine(dir, file);
    Func<long> read = entry.GetProperty("format").GetString() switch
    {
        "npy" => () => NpyReader.Read(path).Count,
        "npz" => () => NpzReader.Read(path).Sum(m => (long)m.Value.Count),
        "pickle" => () => PickleReader.Read(path) is PyDict d ? d.Count : 1,
        "mat" => () => MatReader.Read(path).Variables.Count,
        var other => throw new InvalidOperationException($"unknown format {other}"),
    };
    Report("posecluster", file, Time(read, repeats));
    Report("baseline File.ReadAllBytes", file, Time(() => File.ReadAllBytes(path).Length, repeats));
}

return 0;

static double Time(Func<long> action, int repeats)
{
    action(); // warm-up: JIT and page cache
    var seconds = new List<double>();
    for (var i = 0; i < repeats; i++)
    {
        var clock = Stopwatch.StartNew();
        GC.KeepAlive(action());
        seconds.Add(clock.Elapsed.TotalSeconds);
    }

    return seconds.Min();
}

static void Report(string reader, string file, double seconds) =>
    Console.WriteLine(JsonSerializer.Serialize(new { reader, file, seconds }));
