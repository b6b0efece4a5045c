using PoseCluster.Models.Native;
using PoseCluster.Models.Training;

namespace PoseCluster.Models.Tests;

public sealed class SoloPoseModelTests
{
    private const int Batch = 2;

    static SoloPoseModelTests() => SoloPoseModel.SetThreads(1);

    private static float[] Keypoints(float[] poses)
    {
        // The loader's virtual camera, in front of each frame's subject (the test poses are pelvis-centred).
        var keypoints = new float[poses.Length / 3 * 2];
        VirtualCamera.Project(poses, 17, 0, new VirtualCameraOptions(), 0, keypoints);
        return keypoints;
    }

    [Fact]
    public void The_keypoint_adapter_gives_one_token_per_joint_and_predict_one_pose_per_frame()
    {
        var options = ModelOptions.Tiny;
        using var model = SoloPoseModel.Create(options);
        var input = Keypoints(TestPoses.Clips(Batch, options.Frames, 1));
        Assert.Equal([Batch, options.Frames, 1, 17, options.EmbedDim], model.AdapterShape(input, Batch));
        var joints = new float[model.PoseLength(Batch)];
        model.Predict(input, Batch, joints);
        Assert.All(joints, v => Assert.True(float.IsFinite(v) && Math.Abs(v) <= options.ExtentMm / 2));
    }

    [Fact]
    public void The_video_adapter_gives_one_token_per_patch_and_trains()
    {
        var options = ModelOptions.Tiny with { Input = InputKind.Video, Head = HeadKind.Regression };
        using var model = SoloPoseModel.Create(options);
        var input = new float[model.InputLength(Batch)];
        var random = new Random(2);
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = (float)random.NextDouble();
        }

        var side = options.ImageSize / options.PatchSize;
        Assert.Equal([Batch, options.Frames, side, side, options.EmbedDim], model.AdapterShape(input, Batch));
        var loss = model.ForwardBackward(input, TestPoses.Clips(Batch, options.Frames, 2), Batch);
        Assert.True(float.IsFinite(loss) && loss > 0);
        var joints = new float[model.PoseLength(Batch)];
        model.Predict(input, Batch, joints);
        Assert.All(joints, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void An_input_of_the_wrong_length_is_refused_with_a_message_before_any_tensor_is_touched()
    {
        using var model = SoloPoseModel.Create(ModelOptions.Tiny);
        var poses = TestPoses.Clips(Batch, ModelOptions.Tiny.Frames, 3);
        var error = Assert.Throws<NativeException>(() => model.ForwardBackward(new float[10], poses, Batch));
        Assert.Equal(NativeStatus.InvalidArgument, error.Status);
        Assert.Contains("input has 10 floats, expected", error.Message, StringComparison.Ordinal);
        var predictError = Assert.Throws<NativeException>(() => model.Predict(Keypoints(poses), Batch, new float[5]));
        Assert.Contains("joints has 5 floats", predictError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_configuration_is_refused_naming_the_setting()
    {
        var error = Assert.Throws<NativeException>(() => SoloPoseModel.Create(ModelOptions.Tiny with { Grid = 10 }));
        Assert.Equal(NativeStatus.InvalidArgument, error.Status);
        Assert.Contains("config.grid", error.Message, StringComparison.Ordinal);
        var device = Assert.Throws<NativeException>(() => SoloPoseModel.Create(ModelOptions.Tiny, "no-such-device"));
        Assert.Contains("no-such-device", device.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gradient_buckets_written_are_read_back_across_parameter_boundaries()
    {
        using var model = SoloPoseModel.Create(ModelOptions.Tiny);
        var bucket = Enumerable.Range(0, 5000).Select(i => i * 0.001f).ToArray();
        model.SetGradients(100, bucket);
        var read = new float[5000];
        model.GetGradients(100, read);
        Assert.Equal(bucket, read);
        var outside = Assert.Throws<NativeException>(() => model.GetGradients(model.ParameterCount - 10, new float[20]));
        Assert.Contains("outside", outside.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Save_load_and_one_step_match_an_uninterrupted_run_bit_for_bit()
    {
        var options = ModelOptions.Tiny;
        var poses = TestPoses.Clips(Batch, options.Frames, 4);
        var input = Keypoints(poses);
        var path = Path.Combine(Path.GetTempPath(), $"posecluster-ckpt-{Guid.NewGuid():N}.pt");
        try
        {
            using var uninterrupted = SoloPoseModel.Create(options);
            for (var s = 0; s < 3; s++)
            {
                uninterrupted.ForwardBackward(input, poses, Batch);
                uninterrupted.OptimizerStep();
            }

            uninterrupted.Save(path);
            var expectedLoss = uninterrupted.ForwardBackward(input, poses, Batch);
            uninterrupted.OptimizerStep();
            var expected = new float[uninterrupted.ParameterCount];
            uninterrupted.GetParameters(0, expected);

            using var resumed = SoloPoseModel.Create(options with { Seed = 99 });
            resumed.Load(path);
            Assert.Equal(3, resumed.Step);
            var loss = resumed.ForwardBackward(input, poses, Batch);
            resumed.OptimizerStep();
            var actual = new float[resumed.ParameterCount];
            resumed.GetParameters(0, actual);

            Assert.Equal(BitConverter.SingleToInt32Bits(expectedLoss), BitConverter.SingleToInt32Bits(loss));
            Assert.True(expected.AsSpan().SequenceEqual(actual), "parameters differ after the resumed step");
            Assert.Equal(4, resumed.Step);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Loading_a_missing_checkpoint_or_one_of_other_sizes_fails_with_a_message()
    {
        using var model = SoloPoseModel.Create(ModelOptions.Tiny);
        var missing = Assert.Throws<NativeException>(() => model.Load("/nonexistent/ckpt.pt"));
        Assert.Equal(NativeStatus.IoError, missing.Status);
        Assert.Contains("/nonexistent/ckpt.pt", missing.Message, StringComparison.Ordinal);
        var path = Path.Combine(Path.GetTempPath(), $"posecluster-ckpt-{Guid.NewGuid():N}.pt");
        try
        {
            model.Save(path);
            using var other = SoloPoseModel.Create(ModelOptions.Tiny with { EmbedDim = 16 });
            var mismatch = Assert.Throws<NativeException>(() => other.Load(path));
            Assert.Contains("different sizes", mismatch.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_tiny_preset_overfits_eight_clips_below_20_mm_within_300_steps()
    {
        const int clips = 8;
        var options = ModelOptions.Tiny;
        var poses = TestPoses.Clips(clips, options.Frames, 5);
        var input = Keypoints(poses);
        using var model = SoloPoseModel.Create(options);
        var predicted = new float[model.PoseLength(clips)];
        var mpjpe = double.MaxValue;
        for (var step = 1; step <= 300 && mpjpe >= 20; step++)
        {
            model.ForwardBackward(input, poses, clips);
            model.OptimizerStep();
            if (step % 25 == 0)
            {
                model.Predict(input, clips, predicted);
                mpjpe = TestPoses.Mpjpe(predicted, poses);
            }
        }

        Assert.True(mpjpe < 20, $"MPJPE after training: {mpjpe:F1} mm");
    }
}
