using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using PoseCluster.Datasets.Metrics;
using PoseCluster.Datasets.Tests.Sources;
using PoseCluster.Datasets.Tests.Support;

namespace PoseCluster.Datasets.Tests.Metrics;

/// <summary>The metrics against a numpy transcription of VideoPose3D's and the 3DHP toolkit's formulas.</summary>
public sealed class PoseMetricsReferenceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("posecluster-metrics-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Every_metric_matches_the_numpy_reference_on_noisy_predictions_including_mirrored_frames()
    {
        var poses = new TestPoses(40);
        const int frames = 60;
        var gt = new float[frames * 51];
        var predicted = new float[frames * 51];
        var standing = TestPoses.Standing();
        for (var f = 0; f < frames; f++)
        {
            var frame = TestPoses.Transform(standing, poses.Rotation(), poses.Vector(500));
            frame.CopyTo(gt, f * 51);
            var noise = f % 7 == 0 ? 150 : 40;
            for (var i = 0; i < 51; i++)
            {
                predicted[(f * 51) + i] = frame[i] + (float)(poses.Gaussian() * noise);
            }

            if (f % 5 == 0)
            {
                // A mirrored prediction exercises the reflection fix.
                for (var j = 0; j < 17; j++)
                {
                    predicted[(f * 51) + (j * 3) + 1] = -predicted[(f * 51) + (j * 3) + 1];
                }
            }
        }

        var predFile = Path.Combine(_dir, "pred.f32");
        var gtFile = Path.Combine(_dir, "gt.f32");
        await File.WriteAllBytesAsync(predFile, MemoryMarshal.AsBytes(predicted.AsSpan()).ToArray());
        await File.WriteAllBytesAsync(gtFile, MemoryMarshal.AsBytes(gt.AsSpan()).ToArray());
        var script = Path.Combine(SyntheticFixtures.RepositoryRoot, "tests", "PoseCluster.Datasets.Tests", "Metrics", "reference_metrics.py");
        var start = new ProcessStartInfo(Python.Executable, [script, predFile, gtFile]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, error);
        var reference = JsonDocument.Parse(output).RootElement;

        var summary = PoseMetrics.Evaluate(predicted, gt);
        Assert.Equal(reference.GetProperty("mpjpe").GetDouble(), summary.MpjpeMm, 1e-3);
        Assert.Equal(reference.GetProperty("p_mpjpe").GetDouble(), summary.PMpjpeMm, 1e-3);
        Assert.Equal(reference.GetProperty("n_mpjpe").GetDouble(), summary.NMpjpeMm, 1e-3);
        Assert.Equal(reference.GetProperty("mpjve").GetDouble(), summary.MpjveMmPerFrame, 1e-3);
        Assert.Equal(reference.GetProperty("pck150").GetDouble(), summary.Pck150Percent, 1e-9);
        Assert.Equal(reference.GetProperty("auc").GetDouble(), summary.AucPercent, 1e-9);
    }
}
