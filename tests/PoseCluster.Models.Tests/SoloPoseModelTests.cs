using System.Runtime.InteropServices;
using TorchSharp;

namespace PoseCluster.Models.Tests;

[Collection(TorchGlobalState.Name)]
public sealed class SoloPoseModelTests
{
    private const int Batch = 2;

    static SoloPoseModelTests() => SoloPoseModel.SetThreads(1);

    [Fact]
    public void The_keypoint_adapter_gives_one_token_per_joint_and_predict_one_pose_per_frame()
    {
        var options = ModelOptions.Tiny;
        using var model = SoloPoseModel.Create(options);
        var input = TestPoses.Keypoints(TestPoses.Clips(Batch, options.Frames, 1));
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
        var poses = TestPoses.Clips(Batch, options.Frames, 2);
        var first = model.ForwardBackward(input, poses, Batch);
        Assert.True(float.IsFinite(first) && first > 0);
        for (var s = 0; s < 5; s++)
        {
            model.OptimizerStep();
            model.ForwardBackward(input, poses, Batch);
        }

        Assert.True(model.EvaluateLoss(input, poses, Batch) < first, "five steps did not lower the loss");
        var joints = new float[model.PoseLength(Batch)];
        model.Predict(input, Batch, joints);
        Assert.All(joints, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void An_input_of_the_wrong_length_is_refused_with_a_typed_error_before_any_tensor_is_touched()
    {
        using var model = SoloPoseModel.Create(ModelOptions.Tiny);
        var poses = TestPoses.Clips(Batch, ModelOptions.Tiny.Frames, 3);
        var error = Assert.Throws<InputShapeException>(() => model.ForwardBackward(new float[10], poses, Batch));
        Assert.Equal("input", error.Name);
        Assert.Contains("input has 10 floats, expected", error.Message, StringComparison.Ordinal);
        var poseError = Assert.Throws<InputShapeException>(() => model.ForwardBackward(TestPoses.Keypoints(poses), new float[7], Batch));
        Assert.Equal("pose3d", poseError.Name);
        var predictError = Assert.Throws<InputShapeException>(() => model.Predict(TestPoses.Keypoints(poses), Batch, new float[5]));
        Assert.Contains("joints has 5 floats", predictError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_configuration_or_device_is_refused_naming_the_setting()
    {
        var error = Assert.Throws<ModelOptionsException>(() => SoloPoseModel.Create(ModelOptions.Tiny with { Grid = 10 }));
        Assert.Equal("heatpose.grid", error.Setting);
        var heads = Assert.Throws<ModelOptionsException>(() => SoloPoseModel.Create(ModelOptions.Tiny with { Heads = 5 }));
        Assert.Equal("embed-dim", heads.Setting);
        var device = Assert.Throws<ModelOptionsException>(() => SoloPoseModel.Create(ModelOptions.Tiny, "no-such-device"));
        Assert.Contains("no-such-device", device.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Backward_accumulates_every_gradient_into_the_flat_buffer_the_all_reduce_works_on()
    {
        using var model = SoloPoseModel.Create(ModelOptions.Tiny);
        var poses = TestPoses.Clips(Batch, ModelOptions.Tiny.Frames, 4);
        model.ForwardBackward(TestPoses.Keypoints(poses), poses, Batch);
        var flat = MemoryMarshal.Cast<byte, float>(model.Gradients.bytes).ToArray();
        Assert.Equal(model.ParameterCount, flat.Length);
        Assert.True(flat.Count(v => v != 0) > flat.Length / 2, "most gradients are zero: backward did not write into the buffer");

        // Scaling the buffer scales what the optimizer sees through every parameter's .grad.
        model.Gradients.mul_(0);
        var norm = model.OptimizerStep().GradientNorm;
        Assert.Equal(0f, norm);
    }

    [Fact]
    public void Save_load_and_one_step_match_an_uninterrupted_run_bit_for_bit()
    {
        var options = ModelOptions.Tiny;
        var poses = TestPoses.Clips(Batch, options.Frames, 4);
        var input = TestPoses.Keypoints(poses);
        using var checkpoint = new MemoryStream();
        using var uninterrupted = SoloPoseModel.Create(options);
        for (var s = 0; s < 3; s++)
        {
            uninterrupted.ForwardBackward(input, poses, Batch);
            uninterrupted.OptimizerStep();
        }

        uninterrupted.Save(checkpoint, new Training.SamplerPosition(2, 5));
        var expectedLoss = uninterrupted.ForwardBackward(input, poses, Batch);
        uninterrupted.OptimizerStep();
        var expected = new float[uninterrupted.ParameterCount];
        uninterrupted.CopyParameters(expected);
        var expectedRng = torch.rand(4).data<float>().ToArray();

        using var resumed = SoloPoseModel.Create(options with { Seed = 99 });
        checkpoint.Position = 0;
        Assert.Equal(new Training.SamplerPosition(2, 5), resumed.Load(checkpoint));
        Assert.Equal(3, resumed.Step);
        var loss = resumed.ForwardBackward(input, poses, Batch);
        resumed.OptimizerStep();
        var actual = new float[resumed.ParameterCount];
        resumed.CopyParameters(actual);

        Assert.Equal(BitConverter.SingleToInt32Bits(expectedLoss), BitConverter.SingleToInt32Bits(loss));
        Assert.True(expected.AsSpan().SequenceEqual(actual), "parameters differ after the resumed step");
        Assert.Equal(4, resumed.Step);
        Assert.Equal(expectedRng, torch.rand(4).data<float>().ToArray());
    }

    [Fact]
    public void Loading_a_missing_or_foreign_checkpoint_or_one_of_other_sizes_fails_with_a_typed_error()
    {
        using var model = SoloPoseModel.Create(ModelOptions.Tiny);
        var path = Path.Combine(Path.GetTempPath(), $"posecluster-missing-{Guid.NewGuid():N}.ckpt");
        var missing = Assert.Throws<FileNotFoundException>(() => model.Load(path));
        Assert.Contains(path, missing.Message, StringComparison.Ordinal);
        using var foreign = new MemoryStream([1, 2, 3, 4, 5, 6, 7, 8, 9]);
        Assert.Throws<CheckpointException>(() => model.Load(foreign));
        using var saved = new MemoryStream();
        model.Save(saved);
        using var other = SoloPoseModel.Create(ModelOptions.Tiny with { EmbedDim = 16 });
        saved.Position = 0;
        var mismatch = Assert.Throws<CheckpointException>(() => other.Load(saved));
        Assert.Contains("different sizes", mismatch.Message, StringComparison.Ordinal);
        using var truncated = new MemoryStream(saved.ToArray()[..200]);
        Assert.Throws<CheckpointException>(() => model.Load(truncated));
    }

    [Fact]
    public void The_tiny_preset_overfits_eight_clips_below_20_mm_within_300_steps()
    {
        const int clips = 8;
        var options = ModelOptions.Tiny;
        var poses = TestPoses.Clips(clips, options.Frames, 5);
        var input = TestPoses.Keypoints(poses);
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
