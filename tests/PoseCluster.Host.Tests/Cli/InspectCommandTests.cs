using System.Text.Json;

namespace PoseCluster.Host.Tests.Cli;

public sealed class InspectCommandTests
{
    private static readonly string FixtureRoot = FindFixtures();

    public static TheoryData<string> ExpectedFiles()
    {
        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(FixtureRoot, "expected_sums.json")));
        var data = new TheoryData<string>();
        foreach (var file in expected.RootElement.EnumerateObject())
        {
            data.Add(file.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ExpectedFiles))]
    public async Task Inspect_json_lists_the_arrays_numpy_and_scipy_see_with_their_sums(string relative)
    {
        var path = Path.Combine(FixtureRoot, relative);
        var result = await CliRunner.RunAsync("inspect", path, "--json");

        Assert.Equal(0, result.ExitCode);
        using var actual = JsonDocument.Parse(result.Out);
        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(FixtureRoot, "expected_sums.json")));
        var root = actual.RootElement;
        Assert.Equal(["file", "format", "arrays"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(path, root.GetProperty("file").GetString());
        Assert.Equal(FormatOf(relative), root.GetProperty("format").GetString());

        var want = expected.RootElement.GetProperty(relative).EnumerateArray().ToList();
        var got = root.GetProperty("arrays").EnumerateArray().ToList();
        Assert.Equal(want.Select(w => w.GetProperty("name").GetString()), got.Select(g => g.GetProperty("name").GetString()));
        foreach (var (w, g) in want.Zip(got))
        {
            var name = w.GetProperty("name").GetString();
            Assert.Equal(["name", "dtype", "shape", "sum"], g.EnumerateObject().Select(p => p.Name));
            Assert.True(w.GetProperty("dtype").GetString() == g.GetProperty("dtype").GetString(), $"dtype of {name}");
            Assert.Equal(
                w.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()),
                g.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
            var wantSum = w.GetProperty("sum").GetDouble();
            var gotSum = g.GetProperty("sum").GetDouble();
            Assert.True(Math.Abs(wantSum - gotSum) <= 1e-9 * Math.Max(1, Math.Abs(wantSum)), $"sum of {name}: numpy {wantSum}, inspect {gotSum}");
        }
    }

    [Fact]
    public async Task Inspect_without_json_prints_a_table_with_every_array()
    {
        var result = await CliRunner.RunAsync("inspect", Path.Combine(FixtureRoot, "mat/compressed.mat"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("mat, 26 numeric arrays", result.Out, StringComparison.Ordinal);
        Assert.Matches(@"GTpose2/2\s+float64\s+\(19, 3\)\s+1966\.5", result.Out);
    }

    [Theory]
    [InlineData("pkl/evil_os_system.pkl", "refused global posix.system")]
    [InlineData("mat/v73.mat", "MAT v7.3 (HDF5)")]
    [InlineData("mat/sparse.mat", "sparse arrays are not supported")]
    [InlineData("make_fixtures.py", "not a recognised file")]
    [InlineData("npy/absent.npy", "cannot open")]
    public async Task Bad_input_exits_2_with_one_line_naming_the_file_and_the_problem(string relative, string problem)
    {
        var path = Path.Combine(FixtureRoot, relative);
        var result = await CliRunner.RunAsync("inspect", path, "--json");

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.StartsWith($"error: {path}", result.Error, StringComparison.Ordinal);
        Assert.Contains(problem, result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task A_truncated_npy_exits_2_naming_the_byte_offset()
    {
        var dir = Directory.CreateTempSubdirectory("posecluster-inspect-").FullName;
        try
        {
            var path = Path.Combine(dir, "cut.npy");
            var bytes = await File.ReadAllBytesAsync(Path.Combine(FixtureRoot, "npy/float64_le.npy"));
            await File.WriteAllBytesAsync(path, bytes[..^8]);

            var result = await CliRunner.RunAsync("inspect", path);
            Assert.Equal(2, result.ExitCode);
            Assert.Contains($"{path}: at byte 128: ", result.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string FormatOf(string relative) => Path.GetExtension(relative) switch
    {
        ".npy" => "npy",
        ".npz" => "npz",
        ".pkl" => "pickle",
        _ => "mat",
    };

    private static string FindFixtures()
    {
        return Path.Combine(PoseCluster.Testing.RepositoryRoot.Find(), "tests", "fixtures", "formats");
    }
}
