using PoseCluster.Datasets.Geometry;

namespace PoseCluster.Datasets.AugMotion;

/// <summary>
/// A sequence projected into the universal frame: <see cref="Sequence"/> carries the projected
/// positions (frames x 17 x 3, mm, NaN on invalid frames); the rest says how it got there and how it
/// is cut into clips.
/// </summary>
/// <param name="Sequence">The projected sequence (same metadata and validity as the source).</param>
/// <param name="KeyFrame">Index of the key frame.</param>
/// <param name="Transform">u = R·p + t from the source frame to the universal frame.</param>
/// <param name="RmsdMm">Kabsch residual of the key frame's three reference points, mm.</param>
/// <param name="Split">train, val or test.</param>
/// <param name="WindowLength">T, frames per clip.</param>
/// <param name="WindowStarts">First frame of each clip.</param>
public sealed record HarmonizedSequence(
    PoseSequence Sequence,
    int KeyFrame,
    RigidTransform Transform,
    double RmsdMm,
    string Split,
    int WindowLength,
    IReadOnlyList<int> WindowStarts)
{
    /// <summary>The sequence's key.</summary>
    public SequenceKey Key => SequenceKey.Of(Sequence);

    /// <summary>The clips of this sequence, one per window, copying T frames each (and 2D keypoints when present).</summary>
    public IEnumerable<Clip> Clips()
    {
        var s = Sequence;
        foreach (var start in WindowStarts)
        {
            var pose3d = s.Positions.AsSpan(start * PoseSequence.FloatsPerFrame, WindowLength * PoseSequence.FloatsPerFrame).ToArray();
            var pose2d = s.Keypoints2D is { } k
                ? k.AsSpan(start * PoseSequence.FloatsPerFrame / 3 * 2, WindowLength * PoseSequence.FloatsPerFrame / 3 * 2).ToArray()
                : null;
            yield return new Clip($"{Key}@{start}", s.Dataset, s.Subject, s.Action, s.Camera, start, (float)s.Fps, Split, pose3d, pose2d);
        }
    }
}
