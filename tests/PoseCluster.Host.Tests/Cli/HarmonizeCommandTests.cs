using System.Text.Json;
using PoseCluster.Datasets.Formats;

namespace PoseCluster.Host.Tests.Cli;

public sealed class HarmonizeCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("posecluster-harmonize-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Fixture(string name) => DatasetFixtures.Path(name);

    [Fact]
    public async Task Harmonize_writes_corpus_json_with_the_issue_fields_and_one_float32_npy_per_sequence()
    {
        var result = await CliRunner.RunAsync(
            "harmonize", "--dataset", $"h36m={Fixture("h36m")}", "--dataset", $"mads={Fixture("mads")}",
            "--out", _dir, "--format", "npy", "--registry", $"sqlite:{_dir}/registry.db", "--window", "4", "--stride", "2", "--seed", "7", "--json");
        Assert.True(result.ExitCode == 0, result.Error);

        var corpus = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_dir, "corpus.json"))).RootElement;
        Assert.Equal(["ms", "msp", "triangle", "sequences", "rejected"], corpus.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["l_shoulder", "r_shoulder", "pelvis"], corpus.GetProperty("triangle").EnumerateObject().Select(p => p.Name));
        Assert.Equal(corpus.ToString(), JsonDocument.Parse(result.Out).RootElement.ToString());
        var sequences = corpus.GetProperty("sequences").EnumerateArray().ToList();
        Assert.NotEmpty(sequences);
        foreach (var s in sequences)
        {
            Assert.Equal(
                ["dataset", "subject", "action", "camera", "key_frame", "rotation", "translation", "rmsd_mm", "frames", "windows", "split", "file"],
                s.EnumerateObject().Select(p => p.Name));
            Assert.Equal(3, s.GetProperty("rotation").GetArrayLength());
            Assert.All(s.GetProperty("rotation").EnumerateArray(), row => Assert.Equal(3, row.GetArrayLength()));
            var file = s.GetProperty("file").GetString()!;
            Assert.Equal($"sequences/{s.GetProperty("dataset").GetString()}/{s.GetProperty("subject").GetString()}/{s.GetProperty("action").GetString()}.{s.GetProperty("camera").GetString()}.npy", file);
            var array = NpyReader.Read(Path.Combine(_dir, file));
            Assert.Equal("float32", array.DType);
            Assert.Equal([s.GetProperty("frames").GetInt32(), 17, 3], array.Shape);
        }

        Assert.All(sequences.Where(s => s.GetProperty("dataset").GetString() == "h36m"), s =>
            Assert.Equal(s.GetProperty("subject").GetString() is "S9" or "S11" ? "test" : "train", s.GetProperty("split").GetString()));
        Assert.All(corpus.GetProperty("rejected").EnumerateArray(), r =>
            Assert.Equal(["dataset", "subject", "action", "camera", "reason"], r.EnumerateObject().Select(p => p.Name)));
    }

    [Fact]
    public async Task The_npy_files_load_in_numpy_and_hold_the_key_frame_on_the_triangle()
    {
        var result = await CliRunner.RunAsync("harmonize", "--dataset", $"aistpp={Fixture("aistpp")}", "--out", _dir, "--format", "npy", "--registry", $"sqlite:{_dir}/registry.db");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("harmonized", result.Out, StringComparison.Ordinal);
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        const string script = """
            import json, sys, numpy as np
            root = sys.argv[1]
            corpus = json.load(open(root + "/corpus.json"))
            tri = np.array([corpus["triangle"][k] for k in ("l_shoulder", "r_shoulder", "pelvis")])
            for s in corpus["sequences"]:
                a = np.load(root + "/" + s["file"])
                assert a.dtype == np.float32 and a.shape == (s["frames"], 17, 3), (a.dtype, a.shape)
                ref = a[s["key_frame"], [11, 14, 0]].astype(np.float64)
                rmsd = np.sqrt(np.mean(np.sum((ref - tri) ** 2, axis=1)))
                assert abs(rmsd - s["rmsd_mm"]) < 0.01, (rmsd, s["rmsd_mm"])
            print(len(corpus["sequences"]))
            """;
        var start = new System.Diagnostics.ProcessStartInfo(python, ["-c", script, _dir]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, error);
        Assert.True(int.Parse(output.Trim(), System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    [Theory]
    [InlineData("nokind", "expected KIND=DIR")]
    [InlineData("zzz=.", "unknown dataset kind 'zzz'")]
    [InlineData("h36m=/no/such/folder", "no such folder")]
    public async Task Bad_dataset_arguments_exit_2_with_one_line_naming_the_problem(string dataset, string message)
    {
        var result = await CliRunner.RunAsync("harmonize", "--dataset", dataset, "--out", _dir);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task A_folder_of_the_wrong_kind_and_a_zero_window_exit_2()
    {
        var wrongKind = await CliRunner.RunAsync("harmonize", "--dataset", $"h36m={Fixture("mads")}", "--out", _dir);
        Assert.Equal(2, wrongKind.ExitCode);
        Assert.Contains("does not look like a h36m dataset", wrongKind.Error, StringComparison.Ordinal);
        var zero = await CliRunner.RunAsync("harmonize", "--dataset", $"mads={Fixture("mads")}", "--out", _dir, "--window", "0");
        Assert.Equal(2, zero.ExitCode);
        Assert.Contains("--window must be at least 1", zero.Error, StringComparison.Ordinal);
        var missing = await CliRunner.RunAsync("harmonize", "--out", _dir);
        Assert.Equal(2, missing.ExitCode);
    }
}
