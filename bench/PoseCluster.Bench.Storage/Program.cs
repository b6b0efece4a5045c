using System.Diagnostics;
using System.Globalization;
using PoseCluster.Datasets;
using PoseCluster.Storage.Objects;
using PoseCluster.Bench.Storage;
using PoseCluster.Storage.Shards;

// Shard write throughput (CorpusWriter: Apache.Arrow's ArrowFileWriter into a temporary file, then a
// sha256-hashed put into the folder store, fsync + rename) next to a plain sequential write of the same
// bytes (the shard files' own bytes, written from memory; same run, same disk, both flushed to disk,
// alternating which goes first), then warm
// shard read throughput (Apache.Arrow's ArrowFileReader, sha256 verified first). Median of --iterations runs.
// Usage: dotnet run -c Release --project bench/PoseCluster.Bench.Storage -- [--megabytes 256] [--iterations 3] [--dir PATH]
var megabytes = Argument("--megabytes", 256);
var iterations = Argument("--iterations", 3);
var root = ArgumentText("--dir", Path.Combine(Path.GetTempPath(), "posecluster-bench-storage"));
const int windowLength = 16;

var metadata = new ClipShardMetadata("bench", "h36m-17", windowLength, windowLength, "mm", 350, 480);
var rowBytes = (metadata.Pose3dLength + metadata.Pose2dLength) * sizeof(float);
var clipCount = (int)((long)megabytes * 1_000_000 / rowBytes);
var clips = MakeClips(clipCount, metadata);
Console.WriteLine($"clips: {clipCount:N0} x (T={windowLength}, pose3d + pose2d) = {(long)clipCount * rowBytes / 1e6:F0} MB of pose data; {iterations} iterations; folder {root}");
var shardBytes = await ShardBytesAsync(metadata, clips);

// Untimed rounds of each write first, so no timed run pays for JIT compilation (the writer's methods
// run about 30 times per corpus and are recompiled optimized after 30 calls: three rounds), or a cold thread pool.
var warmUp = Path.Combine(root, "warm-up");
for (var round = 0; round < 3; round++)
{
    await ShardWriteAsync(ObjectStores.Folder(Path.Combine(warmUp, $"{round}")), metadata, clips, []);
    PlainWrite(warmUp, "plain-", shardBytes, writeBehind: false, []);
    PlainWrite(warmUp, "behind-", shardBytes, writeBehind: true, []);
    Directory.Delete(warmUp, recursive: true);
}

var shardWrites = new List<double>();
var plainWrites = new List<double>();
var plainBehindWrites = new List<double>();
var readBatches = new List<(double ClipsPerSecond, double MegabytesPerSecond)>();
var readUnverified = new List<(double ClipsPerSecond, double MegabytesPerSecond)>();
var readClips = new List<(double ClipsPerSecond, double MegabytesPerSecond)>();
for (var i = 0; i < iterations; i++)
{
    var folder = Path.Combine(root, $"run-{i}");
    if (Directory.Exists(folder))
    {
        Directory.Delete(folder, recursive: true);
    }

    var store = ObjectStores.Folder(folder);
    // Rotate which write goes first so none always meets a warm (or a busier) disk.
    long bytes = 0;
    CorpusManifest? manifest = null;
    for (var step = 0; step < 3; step++)
    {
        switch ((step + i) % 3)
        {
            case 0:
                (manifest, bytes) = await ShardWriteAsync(store, metadata, clips, shardWrites);
                break;
            case 1:
                PlainWrite(folder, "plain-", shardBytes, writeBehind: false, plainWrites);
                break;
            default:
                PlainWrite(folder, "behind-", shardBytes, writeBehind: true, plainBehindWrites);
                break;
        }
    }

    if (manifest is null || bytes != shardBytes.Values.Sum(b => (long)b.Length))
    {
        throw new InvalidOperationException("the shards differ from the ones the plain write writes");
    }

    // Warm: one untimed pass brings the shards into the page cache.
    await ReadAsync(store, folder, manifest, materialize: false, verify: true);
    readBatches.Add(await ReadAsync(store, folder, manifest, materialize: false, verify: true));
    readUnverified.Add(await ReadAsync(store, folder, manifest, materialize: false, verify: false));
    readClips.Add(await ReadAsync(store, folder, manifest, materialize: true, verify: true));
    Directory.Delete(folder, recursive: true);
}

var shardWrite = Median(shardWrites);
var plainWrite = Median(plainWrites);
Console.WriteLine($"shard write (CorpusWriter -> folder store, sha256, fsync): {shardWrite:F0} MB/s");
Console.WriteLine($"plain sequential file write of the same bytes (fsync):     {plainWrite:F0} MB/s");
Console.WriteLine($"shard write / plain write: {shardWrite / plainWrite * 100:F0}%");
var plainBehindWrite = Median(plainBehindWrites);
Console.WriteLine($"plain write, disk write started per 8 MiB as the shard writer does (fsync): {plainBehindWrite:F0} MB/s");
Console.WriteLine($"shard write / that write: {shardWrite / plainBehindWrite * 100:F0}%");
Console.WriteLine($"shard read (warm), sha256 verified + ClipBatch views:  {Median(readBatches.Select(r => r.ClipsPerSecond).ToList()):N0} clips/s, {Median(readBatches.Select(r => r.MegabytesPerSecond).ToList()):F0} MB/s");
Console.WriteLine($"shard read (warm), file only + ClipBatch views:       {Median(readUnverified.Select(r => r.ClipsPerSecond).ToList()):N0} clips/s, {Median(readUnverified.Select(r => r.MegabytesPerSecond).ToList()):F0} MB/s");
Console.WriteLine($"shard read (warm), sha256 verified + Clip records:    {Median(readClips.Select(r => r.ClipsPerSecond).ToList()):N0} clips/s, {Median(readClips.Select(r => r.MegabytesPerSecond).ToList()):F0} MB/s");
Console.WriteLine($"all runs: shard write {Join(shardWrites)} MB/s; plain write {Join(plainWrites)} MB/s; plain write, disk write started per 8 MiB {Join(plainBehindWrites)} MB/s");

static async Task<(CorpusManifest, long)> ShardWriteAsync(IObjectStore store, ClipShardMetadata metadata, List<Clip> clips, List<double> results)
{
    var watch = Stopwatch.StartNew();
    var writer = new CorpusWriter(store, metadata, CorpusWriterOptions.Default);
    CorpusManifest manifest;
    await using (writer)
    {
        foreach (var clip in clips)
        {
            await writer.AddAsync(clip, CancellationToken.None);
        }

        manifest = await writer.CompleteAsync(CancellationToken.None);
    }

    var bytes = manifest.Shards.Sum(s => s.Bytes);
    results.Add(bytes / 1e6 / watch.Elapsed.TotalSeconds);
    return (manifest, bytes);
}

// The shard files' bytes (written once into memory, untimed), for the plain-write peer.
static async Task<IReadOnlyDictionary<string, byte[]>> ShardBytesAsync(ClipShardMetadata metadata, List<Clip> clips)
{
    var store = new MemoryStore();
    var writer = new CorpusWriter(store, metadata, CorpusWriterOptions.Default);
    await using (writer)
    {
        foreach (var clip in clips)
        {
            await writer.AddAsync(clip, CancellationToken.None);
        }

        var manifest = await writer.CompleteAsync(CancellationToken.None);
        return manifest.Shards.ToDictionary(s => s.Key, s => store.Objects[s.Key]);
    }
}

// The peer: the same bytes as plain sequential writes, one file per shard, each flushed to disk. With
// writeBehind, the disk write of each 8 MiB written is started at once (WriteBehind, as the folder store's
// staged shards do), so the fsync only waits for the tail: the same I/O pattern without the shard work.
static void PlainWrite(string folder, string prefix, IReadOnlyDictionary<string, byte[]> shards, bool writeBehind, List<double> results)
{
    const int chunk = 8 << 20;
    Directory.CreateDirectory(folder);
    var watch = Stopwatch.StartNew();
    long bytes = 0;
    foreach (var (key, content) in shards)
    {
        var path = Path.Combine(folder, prefix + key.Replace('/', '-'));
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 20);
        using var hint = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        for (var at = 0; at < content.Length; at += chunk)
        {
            var length = Math.Min(chunk, content.Length - at);
            file.Write(content, at, length);
            if (writeBehind)
            {
                file.Flush();
                WriteBehind.Start(hint, at, length);
            }
        }

        file.Flush(flushToDisk: true);
        bytes += content.Length;
    }

    results.Add(bytes / 1e6 / watch.Elapsed.TotalSeconds);
}

// Every pose value is touched (summed), as a trainer copying poses into its tensors would. Verified:
// the corpus reader (each shard checked against its sha256 before it is read, the next one checked
// while the current one is consumed); file only: ArrowFileReader over the files, no checksum.
static async Task<(double, double)> ReadAsync(IObjectStore store, string folder, CorpusManifest manifest, bool materialize, bool verify)
{
    var watch = Stopwatch.StartNew();
    long clips = 0;
    double checksum = 0;
    if (verify)
    {
        await foreach (var batch in ClipShardReader.ReadBatchesAsync(store, manifest.Shards, CancellationToken.None))
        {
            (checksum, clips) = Consume(batch, materialize, checksum, clips);
        }
    }
    else
    {
        foreach (var shard in manifest.Shards)
        {
            await using var reader = await ClipShardReader.OpenAsync(File.OpenRead(Path.Combine(folder, shard.Key)), shard.Key, CancellationToken.None);
            await foreach (var batch in reader.ReadBatchesAsync(CancellationToken.None))
            {
                (checksum, clips) = Consume(batch, materialize, checksum, clips);
            }
        }
    }

    var seconds = watch.Elapsed.TotalSeconds;
    if (double.IsNaN(checksum))
    {
        Console.WriteLine("unexpected NaN");
    }

    return (clips / seconds, manifest.Shards.Sum(s => s.Bytes) / 1e6 / seconds);
}

static (double Checksum, long Clips) Consume(ClipBatch batch, bool materialize, double checksum, long clips)
{
    for (var row = 0; row < batch.Count; row++)
    {
        if (materialize)
        {
            var clip = batch.ToClip(row);
            checksum += Sum(clip.Pose3d) + (clip.Pose2d is { } p ? Sum(p) : 0);
        }
        else
        {
            checksum += Sum(batch.Pose3d(row)) + Sum(batch.Pose2d(row));
        }
    }

    return (checksum, clips + batch.Count);
}

static float Sum(ReadOnlySpan<float> values) => System.Numerics.Tensors.TensorPrimitives.Sum(values);

static List<Clip> MakeClips(int count, ClipShardMetadata metadata)
{
    var random = new Random(1);
    var clips = new List<Clip>(count);
    for (var i = 0; i < count; i++)
    {
        var pose3d = new float[metadata.Pose3dLength];
        var pose2d = new float[metadata.Pose2dLength];
        for (var k = 0; k < pose3d.Length; k++)
        {
            pose3d[k] = (float)(random.NextDouble() * 2000 - 1000);
        }

        for (var k = 0; k < pose2d.Length; k++)
        {
            pose2d[k] = (float)(random.NextDouble() * 1000);
        }

        var subject = $"S{1 + (i % 7)}";
        clips.Add(new Clip($"h36m/{subject}/Walking.cam{i % 4}@{i * 16}", "h36m", subject, "Walking", $"cam{i % 4}", i * 16, 50, i % 10 == 0 ? "test" : "train", pose3d, pose2d));
    }

    return clips;
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted[sorted.Count / 2];
}

static string Join(List<double> values) => string.Join(", ", values.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)));

int Argument(string name, int fallback) =>
    Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;

string ArgumentText(string name, string fallback) =>
    Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
