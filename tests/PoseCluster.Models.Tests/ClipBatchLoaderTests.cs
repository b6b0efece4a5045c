using PoseCluster.Models.Training;

namespace PoseCluster.Models.Tests;

public sealed class ClipBatchLoaderTests
{
    private const int Frames = 2;
    private const int Joints = 3;

    private static TrainingClip Clip(int id, bool with2d)
    {
        // Universal frame: pelvis, a point above it (z is down) and one to the subject's right (+y).
        var pose = new float[] { 0, 0, 0, 0, 0, -500, 0, 200, 0 };
        var pose3d = pose.Concat(pose).Select(v => v + id).ToArray();
        return new TrainingClip($"clip{id}", pose3d, with2d ? Enumerable.Repeat((float)id, Frames * Joints * 2).ToArray() : null);
    }

    private static async IAsyncEnumerable<TrainingClip> Source(IEnumerable<TrainingClip> clips)
    {
        foreach (var clip in clips)
        {
            await Task.Yield();
            yield return clip;
        }
    }

    [Fact]
    public void The_virtual_camera_in_front_sees_the_head_above_and_the_right_side_on_the_image_left()
    {
        var pixels = new float[Frames * Joints * 2];
        VirtualCamera.Project(Clip(0, false).Pose3d, Joints, 0, new VirtualCameraOptions(), 0, pixels);
        Assert.Equal(0f, pixels[0], 3);
        Assert.Equal(0f, pixels[1], 3);
        Assert.True(pixels[3] < -50, $"head v = {pixels[3]}");
        Assert.Equal(-1000f * 500 / 4500, pixels[3], 1);
        Assert.True(pixels[4] < -20, $"right side u = {pixels[4]}");
    }

    [Fact]
    public async Task Clips_are_batched_with_their_own_2d_or_a_projection_and_the_last_batch_is_short()
    {
        var clips = Enumerable.Range(1, 10).Select(i => Clip(i, with2d: i % 2 == 0)).ToList();
        var options = new ClipBatchLoaderOptions { BatchSize = 4, Prefetch = 2, Camera = new VirtualCameraOptions { AzimuthJitterDegrees = 0 } };
        await using var loader = new ClipBatchLoader(Source(clips), Frames, Joints, 0, options);
        var counts = new List<int>();
        var seen = new HashSet<TrainingBatch>();
        while (await loader.ReadAsync(CancellationToken.None) is { } batch)
        {
            counts.Add(batch.Count);
            seen.Add(batch);
            var first = counts.Count == 1;
            if (first)
            {
                Assert.Equal(clips[0].Pose3d, batch.Pose3dSpan[..(Frames * Joints * 3)].ToArray());
                Assert.Equal(0f, batch.Input[0], 3);
                Assert.Equal(2f, batch.Input[Frames * Joints * 2]);
            }

            loader.Return(batch);
        }

        Assert.Equal([4, 4, 2], counts);
        Assert.True(seen.Count <= 4, "batch buffers were not reused");
    }

    [Fact]
    public async Task A_clip_of_the_wrong_size_fails_the_read_naming_the_clip()
    {
        var bad = new TrainingClip("broken", new float[5], null);
        await using var loader = new ClipBatchLoader(Source([Clip(1, false), bad]), Frames, Joints, 0, new ClipBatchLoaderOptions { BatchSize = 1 });
        var batch = await loader.ReadAsync(CancellationToken.None);
        Assert.NotNull(batch);
        var error = await Assert.ThrowsAsync<InvalidDataException>(async () => await loader.ReadAsync(CancellationToken.None));
        Assert.Contains("broken", error.Message, StringComparison.Ordinal);
    }
}
