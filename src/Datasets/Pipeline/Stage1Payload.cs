namespace PoseCluster.Datasets.Pipeline;

/// <summary>The frames of one sequence as stage 1 stores them: 17 joints in mm in the source frame, validity, optional 2D keypoints.</summary>
/// <param name="Positions">frames x 17 x 3 floats, mm, source frame; NaN on invalid frames.</param>
/// <param name="Valid">One flag per frame.</param>
/// <param name="Keypoints2D">frames x 17 x 2 pixels, or null.</param>
public sealed record Stage1Payload(float[] Positions, bool[] Valid, float[]? Keypoints2D)
{
    /// <summary>Number of frames.</summary>
    public int FrameCount => Valid.Length;
}
