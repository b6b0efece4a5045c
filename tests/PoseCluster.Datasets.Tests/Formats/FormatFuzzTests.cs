using PoseCluster.Datasets.Formats;
using Xunit.Abstractions;

namespace PoseCluster.Datasets.Tests.Formats;

/// <summary>
/// Mutates each format's fixtures (bit flips, interesting bytes and words, truncation, insertion,
/// deletion, duplicated chunks) with a fixed seed and requires every reader to either succeed or throw
/// <see cref="DatasetFormatException"/>: any other exception type fails the test.
/// </summary>
public sealed class FormatFuzzTests(ITestOutputHelper output)
{
    private const int Cases = 10_000;

    [Fact]
    public void Mutated_npy_files_give_only_dataset_format_errors() =>
        Fuzz("npy", 1, bytes => NpyReader.Read(bytes, "fuzz.npy"));

    [Fact]
    public void Mutated_npz_files_give_only_dataset_format_errors() =>
        Fuzz(".npz", 2, bytes => NpzReader.Read(bytes, "fuzz.npz"));

    [Fact]
    public void Mutated_pickles_give_only_dataset_format_errors() =>
        Fuzz("pkl", 3, bytes => PickleReader.Read(bytes, "fuzz.pkl"));

    [Fact]
    public void Mutated_mat_files_give_only_dataset_format_errors() =>
        Fuzz("mat", 4, bytes => MatReader.Read(bytes, "fuzz.mat"));

    private void Fuzz(string kind, int seed, Action<byte[]> read)
    {
        var fixtures = Directory.EnumerateFiles(Fixtures.Root, "*", SearchOption.AllDirectories)
            .Where(f => kind.StartsWith('.') ? f.EndsWith(kind, StringComparison.Ordinal) : Path.GetFileName(Path.GetDirectoryName(f)) == kind)
            .Where(f => !f.Contains("evil", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllBytes)
            .ToArray();
        Assert.NotEmpty(fixtures);

        var random = new Random(seed);
        var failures = new List<string>();
        var accepted = 0;
        for (var i = 0; i < Cases; i++)
        {
            var source = fixtures[random.Next(fixtures.Length)];
            var (mutated, mutation) = Mutate(source, random);
            try
            {
                read(mutated);
                accepted++;
            }
            catch (DatasetFormatException)
            {
                // The one acceptable failure.
            }
#pragma warning disable CA1031 // The point of the test: any other exception is a finding.
            catch (Exception e)
#pragma warning restore CA1031
            {
                failures.Add($"case {i} ({mutation}): {e.GetType().Name}: {e.Message}\n{e.StackTrace?.Split('\n').FirstOrDefault()}");
            }
        }

        output.WriteLine($"{kind}: {Cases} cases over {fixtures.Length} fixtures, {accepted} still readable, {failures.Count} untyped errors");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10)));
    }

    private static (byte[] Bytes, string Mutation) Mutate(byte[] source, Random random)
    {
        var bytes = (byte[])source.Clone();
        var at = random.Next(bytes.Length);
        switch (random.Next(7))
        {
            case 0:
                for (var n = random.Next(1, 5); n > 0; n--)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                }

                return (bytes, "bit flips");
            case 1:
                byte[] interesting = [0, 1, 0x7f, 0x80, 0xff, (byte)random.Next(256)];
                bytes[at] = interesting[random.Next(interesting.Length)];
                return (bytes, $"byte at {at}");
            case 2:
                int[] words = [0, -1, int.MaxValue, int.MinValue, 0x10000, 1 << 24, random.Next()];
                var word = words[random.Next(words.Length)];
                var place = Math.Min(at, Math.Max(0, bytes.Length - 4));
                BitConverter.GetBytes(word).AsSpan(0, Math.Min(4, bytes.Length - place)).CopyTo(bytes.AsSpan(place));
                return (bytes, $"word {word} at {place}");
            case 3:
                return (bytes[..at], $"truncated to {at}");
            case 4:
                var length = Math.Min(random.Next(1, 64), bytes.Length - at);
                return ([.. bytes[..at], .. bytes[(at + length)..]], $"deleted {length} at {at}");
            case 5:
                var insert = new byte[random.Next(1, 16)];
                random.NextBytes(insert);
                return ([.. bytes[..at], .. insert, .. bytes[at..]], $"inserted {insert.Length} at {at}");
            default:
                var from = random.Next(bytes.Length);
                var chunk = bytes.AsSpan(from, Math.Min(random.Next(1, 64), bytes.Length - from)).ToArray();
                return ([.. bytes[..at], .. chunk, .. bytes[at..]], $"duplicated {chunk.Length} from {from} at {at}");
        }
    }
}
