using System.Collections;
using PoseCluster.Datasets;
using PoseCluster.Datasets.Geometry;
using PoseCluster.Datasets.Pipeline;
using PoseCluster.Datasets.Windows;

namespace PoseCluster.Storage.Pipeline;

/// <summary>
/// The clips of one shard as a read-only list whose rows are made when asked for: the window's frames of
/// the stage-1 positions, mapped u = R·p + t into the universal frame (the same float arithmetic as
/// projecting the whole sequence, point by point), with the window's 2D keypoints. The shard encoder
/// takes a batch at a time, so only one batch of clips exists at once.
/// </summary>
internal sealed class ShardClips : IList<Clip>, IReadOnlyList<Clip>
{
    private readonly Row[] _rows;
    private readonly int _windowLength;

    public ShardClips(ShardAssignment shard, IReadOnlyDictionary<(Stage1Location Location, int Index), Stage1Payload> payloads, int windowLength, int windowStride)
    {
        _windowLength = windowLength;
        var rows = new List<Row>();
        foreach (var item in shard.Items)
        {
            var sequence = item.Sequence;
            var stage1 = sequence.Stage1;
            var payload = payloads[(sequence.Location, stage1.Index)];
            var starts = WindowPlanner.StartsFromRuns(stage1.ValidRuns, windowLength, windowStride);
            var transform = item.Projection.Transform();
            var key = sequence.Key.ToString();
            for (var w = item.FirstWindow; w < item.FirstWindow + item.Windows; w++)
            {
                rows.Add(new Row(key, sequence, item.Projection.Split, payload, transform, starts[w]));
            }
        }

        _rows = [.. rows];
    }

    public int Count => _rows.Length;

    public bool IsReadOnly => true;

    public Clip this[int index]
    {
        get
        {
            var row = _rows[index];
            var stage1 = row.Sequence.Stage1;
            var pose3d = new float[_windowLength * PoseSequence.FloatsPerFrame];
            row.Transform.ApplyToPoints(row.Payload.Positions.AsSpan(row.Start * PoseSequence.FloatsPerFrame, pose3d.Length), pose3d);
            var pose2d = row.Payload.Keypoints2D?.AsSpan(row.Start * 34, _windowLength * 34).ToArray();
            return new Clip($"{row.Key}@{row.Start}", row.Sequence.Dataset, stage1.Subject, stage1.Action, stage1.Camera, row.Start, (float)stage1.Fps, row.Split, pose3d, pose2d);
        }

        set => throw new NotSupportedException();
    }

    public IEnumerator<Clip> GetEnumerator()
    {
        for (var i = 0; i < _rows.Length; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public int IndexOf(Clip item) => throw new NotSupportedException();

    public bool Contains(Clip item) => throw new NotSupportedException();

    public void CopyTo(Clip[] array, int arrayIndex)
    {
        ArgumentNullException.ThrowIfNull(array);
        for (var i = 0; i < _rows.Length; i++)
        {
            array[arrayIndex + i] = this[i];
        }
    }

    public void Add(Clip item) => throw new NotSupportedException();

    public void Insert(int index, Clip item) => throw new NotSupportedException();

    public bool Remove(Clip item) => throw new NotSupportedException();

    public void RemoveAt(int index) => throw new NotSupportedException();

    public void Clear() => throw new NotSupportedException();

    private sealed record Row(string Key, CorpusSequence Sequence, string Split, Stage1Payload Payload, RigidTransform Transform, int Start);
}
