using System.Text.Json;
using PoseCluster.Datasets;
using PoseCluster.Datasets.Skeleton;

namespace PoseCluster.Actors.Training;

/// <summary>
/// One evaluated clip with its prediction, for the dashboard's skeleton viewer (docs/API.md,
/// GET /api/experiments/{id}/sample). The model predicts root-relative joints; the prediction is placed at
/// the ground truth's root in every frame so the two skeletons overlap where they agree.
/// </summary>
internal sealed class EvaluationSample
{
    private readonly Clip clip;
    private readonly float[] predicted;
    private readonly int frames;
    private readonly int joints;

    private EvaluationSample(Clip clip, float[] predicted, int frames, int joints)
    {
        this.clip = clip;
        this.predicted = predicted;
        this.frames = frames;
        this.joints = joints;
    }

    /// <summary>The sample of <paramref name="clip"/>: <paramref name="prediction"/> (root-relative, T x J x 3 mm) moved to the root of <paramref name="truth"/>.</summary>
    public static EvaluationSample Create(Clip clip, ReadOnlySpan<float> prediction, ReadOnlySpan<float> truth, int frames, int joints, int rootJoint)
    {
        if (prediction.Length != frames * joints * 3 || truth.Length != prediction.Length)
        {
            throw new ArgumentException($"a sample needs {frames} x {joints} x 3 floats of prediction and of ground truth");
        }

        var placed = new float[prediction.Length];
        for (var f = 0; f < frames; f++)
        {
            var root = ((f * joints) + rootJoint) * 3;
            for (var j = 0; j < joints; j++)
            {
                var at = ((f * joints) + j) * 3;
                for (var axis = 0; axis < 3; axis++)
                {
                    placed[at + axis] = prediction[at + axis] - prediction[root + axis] + truth[root + axis];
                }
            }
        }

        return new EvaluationSample(clip, placed, frames, joints);
    }

    /// <summary>The JSON of docs/API.md (mm, 0.1 mm precision), with the step and split it was evaluated at.</summary>
    public byte[] ToJson(long step, string split)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("clip_id", clip.ClipId);
            json.WriteString("dataset", clip.Dataset);
            json.WriteString("subject", clip.Subject);
            json.WriteString("action", clip.Action);
            json.WriteString("split", split);
            json.WriteNumber("step", step);
            json.WriteNumber("fps", clip.Fps);
            json.WriteNumber("joints", joints);
            json.WriteStartArray("bones");
            foreach (var (parent, child) in H36mSkeleton.Bones)
            {
                json.WriteStartArray();
                json.WriteNumberValue(parent);
                json.WriteNumberValue(child);
                json.WriteEndArray();
            }

            json.WriteEndArray();
            WritePoses(json, "pred", predicted);
            WritePoses(json, "gt", clip.Pose3d);
            json.WriteEndObject();
        }

        return stream.ToArray();
    }

    private void WritePoses(Utf8JsonWriter json, string name, float[] poses)
    {
        json.WriteStartArray(name);
        for (var f = 0; f < frames; f++)
        {
            json.WriteStartArray();
            for (var j = 0; j < joints; j++)
            {
                json.WriteStartArray();
                for (var axis = 0; axis < 3; axis++)
                {
                    var value = poses[(((f * joints) + j) * 3) + axis];
                    if (float.IsFinite(value))
                    {
                        json.WriteNumberValue(Math.Round(value, 1));
                    }
                    else
                    {
                        json.WriteNullValue();
                    }
                }

                json.WriteEndArray();
            }

            json.WriteEndArray();
        }

        json.WriteEndArray();
    }
}
