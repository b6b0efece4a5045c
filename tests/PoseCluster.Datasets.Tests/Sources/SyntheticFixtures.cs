using System.Text.Json;

namespace PoseCluster.Datasets.Tests.Sources;

/// <summary>The committed synthetic datasets (tools/synth, `make fixtures`) and their ground truth.</summary>
internal static class SyntheticFixtures
{
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>tests/fixtures/datasets/&lt;name&gt; (h36m, 3dhp, aistpp, mads).</summary>
    public static string Folder(string name) => Path.Combine(RepositoryRoot, "tests", "fixtures", "datasets", name);

    public static GroundTruth Truth(string name) => TruthIn(Folder(name));

    /// <summary>The ground_truth.json of a dataset folder the generator wrote.</summary>
    public static GroundTruth TruthIn(string folder)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "ground_truth.json")));
        var sequences = json.RootElement.GetProperty("sequences").EnumerateArray().Select(s => new TruthSequence(
            s.GetProperty("source").GetString()!,
            s.GetProperty("subject").GetString()!,
            s.GetProperty("action").GetString()!,
            s.GetProperty("camera").GetString()!,
            s.GetProperty("fps").GetDouble(),
            [.. s.GetProperty("valid").EnumerateArray().Select(v => v.GetBoolean())],
            [.. s.GetProperty("positions").EnumerateArray().Select(f => f.ValueKind == JsonValueKind.Null
                ? null
                : f.EnumerateArray().SelectMany(j => j.EnumerateArray().Select(v => v.GetDouble())).ToArray())],
            s.TryGetProperty("first_keypoints2d_camera0", out var k)
                ? [.. k.EnumerateArray().SelectMany(j => j.EnumerateArray().Select(v => v.GetDouble()))]
                : null)).ToList();
        var skipped = json.RootElement.GetProperty("skipped").EnumerateArray()
            .Select(s => (s.GetProperty("source").GetString()!, s.GetProperty("reason").GetString()!)).ToList();
        return new GroundTruth(sequences, skipped);
    }

    /// <summary>Copies a fixture into a fresh temporary folder (tests that damage files work on the copy).</summary>
    public static string CopyToTemp(string name)
    {
        var target = Directory.CreateTempSubdirectory($"posecluster-{name}-").FullName;
        var source = Folder(name);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        return target;
    }

    private static string FindRoot()
    {
        return PoseCluster.Testing.RepositoryRoot.Find();
    }
}

/// <summary>Ground truth of one synthetic dataset: its sequences and the sources a loader must skip.</summary>
internal sealed record GroundTruth(IReadOnlyList<TruthSequence> Sequences, IReadOnlyList<(string Source, string Reason)> Skipped);

/// <summary>One sequence's 17 H36M joints in mm in the source frame (null for NaN frames).</summary>
internal sealed record TruthSequence(
    string Source, string Subject, string Action, string Camera, double Fps, bool[] Valid, double[]?[] Positions, double[]? FirstKeypoints2dCamera0);
