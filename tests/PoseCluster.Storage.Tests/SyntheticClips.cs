using System.Globalization;
using PoseCluster.Datasets;
using PoseCluster.Storage.Shards;

namespace PoseCluster.Storage.Tests;

/// <summary>Deterministic clips whose values differ per clip, frame and joint.</summary>
internal static class SyntheticClips
{
    public static ClipShardMetadata Metadata(int windowLength = 4, string version = "v-test") =>
        new(version, "h36m-17", windowLength, windowLength, "mm", 351.25, 478.5);

    public static List<Clip> Make(int count, ClipShardMetadata metadata, Func<int, string>? split = null)
    {
        var clips = new List<Clip>(count);
        for (var i = 0; i < count; i++)
        {
            var pose3d = new float[metadata.Pose3dLength];
            for (var k = 0; k < pose3d.Length; k++)
            {
                pose3d[k] = (i * 0.5f) + ((k % 51) * 10f) - 200f;
            }

            float[]? pose2d = null;
            if (i % 3 != 2)
            {
                pose2d = new float[metadata.Pose2dLength];
                for (var k = 0; k < pose2d.Length; k++)
                {
                    pose2d[k] = (i % 7) + (k % 34);
                }
            }

            clips.Add(new Clip(
                string.Create(CultureInfo.InvariantCulture, $"h36m/S{1 + (i % 5)}/Walking ü.cam{i % 4}@{i * metadata.Stride}"),
                i % 2 == 0 ? "h36m" : "aistpp",
                string.Create(CultureInfo.InvariantCulture, $"S{1 + (i % 5)}"),
                "Walking ü",
                string.Create(CultureInfo.InvariantCulture, $"cam{i % 4}"),
                i * metadata.Stride,
                i % 2 == 0 ? 50f : 60f,
                split?.Invoke(i) ?? "train",
                pose3d,
                pose2d));
        }

        return clips;
    }

    public static void AssertSame(Clip expected, Clip actual)
    {
        Assert.Equal(expected with { Pose3d = [], Pose2d = null }, actual with { Pose3d = [], Pose2d = null });
        Assert.Equal(expected.Pose3d, actual.Pose3d);
        Assert.Equal(expected.Pose2d, actual.Pose2d);
    }
}
