using System.Text.Json;
using PoseCluster.Datasets.Formats;

namespace PoseCluster.Host.Tests.Cli;

public sealed class EvalCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("posecluster-eval-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, float[] values, params int[] shape)
    {
        var path = Path.Combine(_dir, name);
        NpyWriter.Write(path, values, shape);
        return path;
    }

    private static float[] Poses(int frames, float offsetOfJoint13)
    {
        var values = new float[frames * 51];
        for (var f = 0; f < frames; f++)
        {
            for (var j = 0; j < 17; j++)
            {
                values[(f * 51) + (j * 3)] = j * 100;
                values[(f * 51) + (j * 3) + 1] = (j % 4) * 50;
                values[(f * 51) + (j * 3) + 2] = (j % 3) * 70 + f;
            }

            values[(f * 51) + (13 * 3)] += offsetOfJoint13;
        }

        return values;
    }

    [Fact]
    public async Task Eval_json_prints_exactly_the_six_metrics()
    {
        var gt = Write("gt.npy", Poses(4, 0), 4, 17, 3);
        var pred = Write("pred.npy", Poses(4, 170), 4, 17, 3);
        var result = await CliRunner.RunAsync("eval", "--pred", pred, "--gt", gt, "--json");
        Assert.True(result.ExitCode == 0, result.Error);
        var json = JsonDocument.Parse(result.Out).RootElement;
        Assert.Equal(["mpjpe", "p_mpjpe", "n_mpjpe", "mpjve", "pck150", "auc"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(10.0, json.GetProperty("mpjpe").GetDouble(), 1e-4); // one joint of 17 off by 170 mm
        Assert.Equal(0.0, json.GetProperty("mpjve").GetDouble(), 1e-4);
        Assert.Equal(100.0 * 13 / 14, json.GetProperty("pck150").GetDouble(), 1e-9);
    }

    [Fact]
    public async Task Eval_without_json_prints_one_line_per_metric()
    {
        var gt = Write("gt.npy", Poses(3, 0), 3, 17, 3);
        var result = await CliRunner.RunAsync("eval", "--pred", gt, "--gt", gt);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(6, result.Out.Trim().Split('\n').Length);
        Assert.Contains("MPJPE", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mismatched_shapes_wrong_shapes_missing_and_broken_files_exit_2_naming_the_file()
    {
        var gt = Write("gt.npy", Poses(4, 0), 4, 17, 3);
        var shorter = Write("short.npy", Poses(3, 0), 3, 17, 3);
        var flat = Write("flat.npy", Poses(4, 0), 4, 51);
        var broken = Path.Combine(_dir, "broken.npy");
        await File.WriteAllBytesAsync(broken, [0x93, (byte)'N', (byte)'U', 1, 2, 3]);
        var nan = Poses(4, 0);
        nan[7] = float.NaN;
        var withNan = Write("nan.npy", nan, 4, 17, 3);
        foreach (var (pred, expected) in new[]
                 {
                     (shorter, "has 3 frames"), (flat, "flat.npy: expected a numeric array of shape (N, 17, 3)"),
                     (Path.Combine(_dir, "absent.npy"), "absent.npy: no such file"), (broken, "broken.npy"), (withNan, "not finite"),
                 })
        {
            var result = await CliRunner.RunAsync("eval", "--pred", pred, "--gt", gt);
            Assert.Equal(2, result.ExitCode);
            Assert.Contains(expected, result.Error, StringComparison.Ordinal);
            Assert.Single(result.Error.Trim().Split('\n'));
        }
    }
}
