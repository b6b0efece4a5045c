using System.Text.Json;

namespace PoseCluster.Host.Tests.Cli;

/// <summary><c>posecluster datasets load</c> on the committed synthetic layouts (tools/synth).</summary>
public sealed class DatasetsCommandTests : IDisposable
{
    private static readonly string FixturesRoot = Path.Combine(FindRepositoryRoot(), "tests", "fixtures", "datasets");
    private readonly string _dir = Directory.CreateTempSubdirectory("posecluster-datasets-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string> Kinds => ["h36m", "3dhp", "aistpp", "mads"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Load_json_reports_every_sequence_as_the_ground_truth_has_it(string kind)
    {
        var folder = Path.Combine(FixturesRoot, kind);
        var result = await CliRunner.RunAsync("datasets", "load", "--kind", kind, "--path", folder, "--json");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
        using var json = JsonDocument.Parse(result.Out);
        var root = json.RootElement;
        Assert.Equal(["dataset", "sequences", "skipped"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(kind, root.GetProperty("dataset").GetString());

        using var truthJson = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(folder, "ground_truth.json")));
        var truth = truthJson.RootElement.GetProperty("sequences").EnumerateArray().ToList();
        var sequences = root.GetProperty("sequences").EnumerateArray().ToList();
        Assert.Equal(truth.Count, sequences.Count);
        foreach (var sequence in sequences)
        {
            Assert.Equal(
                ["subject", "action", "camera", "fps", "frames", "valid_frames", "first_valid_pose", "sum_abs_mm"],
                sequence.EnumerateObject().Select(p => p.Name));
            var expected = truth.Single(t =>
                t.GetProperty("subject").GetString() == sequence.GetProperty("subject").GetString() &&
                t.GetProperty("action").GetString() == sequence.GetProperty("action").GetString() &&
                t.GetProperty("camera").GetString() == sequence.GetProperty("camera").GetString());
            Assert.Equal(expected.GetProperty("fps").GetDouble(), sequence.GetProperty("fps").GetDouble());
            Assert.Equal(expected.GetProperty("frames").GetInt32(), sequence.GetProperty("frames").GetInt32());
            var frames = expected.GetProperty("positions").EnumerateArray().Where(f => f.ValueKind != JsonValueKind.Null)
                .Select(f => f.EnumerateArray().Select(j => j.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray()).ToList();
            Assert.Equal(frames.Count, sequence.GetProperty("valid_frames").GetInt32());

            var first = sequence.GetProperty("first_valid_pose").EnumerateArray().Select(j => j.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
            Assert.Equal(17, first.Length);
            for (var j = 0; j < 17; j++)
            {
                Assert.Equal(3, first[j].Length);
                for (var a = 0; a < 3; a++)
                {
                    Assert.Equal(frames[0][j][a], first[j][a], 0.002);
                }
            }

            var sum = frames.Sum(f => f.Sum(j => j.Sum(Math.Abs)));
            Assert.Equal(sum, sequence.GetProperty("sum_abs_mm").GetDouble(), sum * 1e-6);
        }

        var skipped = root.GetProperty("skipped").EnumerateArray().ToList();
        var expectedSkipped = truthJson.RootElement.GetProperty("skipped").EnumerateArray().ToList();
        Assert.Equal(expectedSkipped.Count, skipped.Count);
        foreach (var entry in skipped)
        {
            Assert.Equal(["path", "reason"], entry.EnumerateObject().Select(p => p.Name));
            Assert.Contains(Path.GetFileNameWithoutExtension(entry.GetProperty("path").GetString()!), entry.GetProperty("reason").GetString()!, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task The_kind_is_detected_from_the_layout_when_omitted(string kind)
    {
        var result = await CliRunner.RunAsync("datasets", "load", "--path", Path.Combine(FixturesRoot, kind), "--json");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(kind, JsonDocument.Parse(result.Out).RootElement.GetProperty("dataset").GetString());
    }

    [Fact]
    public async Task The_3dhp_frame_rate_can_be_overridden_in_the_configuration()
    {
        var config = Path.Combine(_dir, "fps.conf");
        await File.WriteAllTextAsync(config, "posecluster.datasets.3dhp { fps = 30, fps-overrides { \"S1/Seq2\" = 60 } }");
        var result = await CliRunner.RunAsync("datasets", "load", "--path", Path.Combine(FixturesRoot, "3dhp"), "--json", "--config", config);
        Assert.Equal(0, result.ExitCode);
        var rates = JsonDocument.Parse(result.Out).RootElement.GetProperty("sequences").EnumerateArray()
            .Select(s => (s.GetProperty("action").GetString(), s.GetProperty("fps").GetDouble())).Distinct().ToList();
        Assert.Equal([("Seq1", 30.0), ("Seq2", 60.0)], rates);
    }

    [Fact]
    public async Task A_missing_folder_exits_2_naming_it()
    {
        var missing = Path.Combine(_dir, "absent");
        var result = await CliRunner.RunAsync("datasets", "load", "--path", missing, "--json");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: {missing}: no such folder", result.Error.Trim());
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task A_folder_with_no_known_layout_exits_2_on_one_line()
    {
        var result = await CliRunner.RunAsync("datasets", "load", "--path", FixturesRoot);
        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.Contains("no known dataset layout", result.Error, StringComparison.Ordinal);
        Assert.Contains(FixturesRoot, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreadable_human36m_archive_exits_2_naming_the_file()
    {
        var file = Path.Combine(_dir, "data_3d_h36m.npz");
        await File.WriteAllTextAsync(file, "this is not a zip archive");
        var result = await CliRunner.RunAsync("datasets", "load", "--path", _dir, "--json");
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error: {file}", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task A_corrupt_sequence_file_is_listed_as_skipped_and_the_rest_loads()
    {
        var source = Path.Combine(FixturesRoot, "mads");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(_dir, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        var damaged = Path.Combine(_dir, "multi_view_data", "Kata", "Kata_S2_GT.mat");
        await File.WriteAllBytesAsync(damaged, (await File.ReadAllBytesAsync(damaged))[..200]);
        var result = await CliRunner.RunAsync("datasets", "load", "--path", _dir, "--json");
        Assert.Equal(0, result.ExitCode);
        var root = JsonDocument.Parse(result.Out).RootElement;
        Assert.Equal(2, root.GetProperty("sequences").GetArrayLength());
        Assert.Contains(root.GetProperty("skipped").EnumerateArray(), s =>
            s.GetProperty("path").GetString() == damaged && s.GetProperty("reason").GetString()!.Contains("Kata_S2_GT.mat", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("3dhp", "mads")]
    [InlineData("aistpp", "h36m")]
    [InlineData("h36m", "3dhp")]
    [InlineData("mads", "aistpp")]
    public async Task A_kind_whose_layout_the_folder_lacks_exits_2_naming_the_folder(string kind, string folder)
    {
        var path = Path.Combine(FixturesRoot, folder);
        var result = await CliRunner.RunAsync("datasets", "load", "--kind", kind, "--path", path, "--json");
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error: {path}: not a {kind} layout", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task An_unknown_kind_exits_2()
    {
        var result = await CliRunner.RunAsync("datasets", "load", "--kind", "coco", "--path", FixturesRoot);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_json_it_prints_a_summary_line_per_sequence()
    {
        var result = await CliRunner.RunAsync("datasets", "load", "--path", Path.Combine(FixturesRoot, "h36m"));
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("h36m: 8 sequences, 0 skipped", result.Out, StringComparison.Ordinal);
        Assert.Contains("S11 / Walking / world: 40 frames (40 valid) at 50 fps", result.Out, StringComparison.Ordinal);
    }

    private static string FindRepositoryRoot()
    {
        return PoseCluster.Testing.RepositoryRoot.Find();
    }
}
