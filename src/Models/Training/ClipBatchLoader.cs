using System.Threading.Channels;

namespace PoseCluster.Models.Training;

/// <summary>
/// Batches clips from a source on a background task into a bounded prefetch queue. Batch buffers are
/// recycled (<see cref="Return"/>), so the training loop allocates nothing per step. 2D input is the
/// clip's own pose2d when present, else the projection of pose3d through <see cref="VirtualCamera"/>.
/// </summary>
public sealed class ClipBatchLoader : IAsyncDisposable
{
    private readonly Channel<TrainingBatch> _ready;
    private readonly Channel<TrainingBatch> _free;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _producer;
    private readonly int _frames;
    private readonly int _joints;
    private readonly int _root;
    private readonly ClipBatchLoaderOptions _options;

    /// <summary>Starts filling batches of clips with <paramref name="frames"/> frames of <paramref name="joints"/> joints from <paramref name="source"/>.</summary>
    public ClipBatchLoader(IAsyncEnumerable<TrainingClip> source, int frames, int joints, int rootJoint, ClipBatchLoaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Prefetch, 1);
        (_frames, _joints, _root, _options) = (frames, joints, rootJoint, options);
        _ready = Channel.CreateBounded<TrainingBatch>(new BoundedChannelOptions(options.Prefetch) { SingleReader = true, SingleWriter = true });
        _free = Channel.CreateUnbounded<TrainingBatch>();
        for (var i = 0; i < options.Prefetch + 2; i++)
        {
            _free.Writer.TryWrite(new TrainingBatch(options.BatchSize, frames, joints) { Capacity = options.BatchSize });
        }

        _producer = Task.Run(() => ProduceAsync(source, _stop.Token));
    }

    /// <summary>The next batch, or null when the source is exhausted; a source failure is rethrown here.</summary>
    public async ValueTask<TrainingBatch?> ReadAsync(CancellationToken cancellationToken)
    {
        if (await _ready.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false) && _ready.Reader.TryRead(out var batch))
        {
            return batch;
        }

        await _producer.ConfigureAwait(false);
        return null;
    }

    /// <summary>Hands a batch's buffers back for reuse.</summary>
    public void Return(TrainingBatch batch) => _free.Writer.TryWrite(batch);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _producer.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
#pragma warning disable CA1031 // A source failure has already been delivered to the reader by ReadAsync.
        catch (Exception)
        {
        }
#pragma warning restore CA1031

        _stop.Dispose();
    }

    private async Task ProduceAsync(IAsyncEnumerable<TrainingClip> source, CancellationToken cancellationToken)
    {
        var poseLength = _frames * _joints * 3;
        var inputLength = _frames * _joints * 2;
        TrainingBatch? batch = null;
        try
        {
            await foreach (var clip in source.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                if (clip.Pose3d.Length != poseLength || (clip.Pose2d is { } p2 && p2.Length != inputLength))
                {
                    throw new InvalidDataException(
                        $"clip {clip.ClipId}: pose3d has {clip.Pose3d.Length} floats (expected {poseLength}), pose2d {clip.Pose2d?.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "absent"} (expected {inputLength})");
                }

                batch ??= await NextFreeAsync(cancellationToken).ConfigureAwait(false);
                var slot = batch.Count;
                clip.Pose3d.CopyTo(batch.Pose3d.AsSpan(slot * poseLength, poseLength));
                var input = batch.Input.AsSpan(slot * inputLength, inputLength);
                if (clip.Pose2d is { } pose2d)
                {
                    pose2d.CopyTo(input);
                }
                else
                {
                    var azimuth = (new DeterministicRandom(_options.Seed, clip.Draw).NextDouble() * 2 - 1) * _options.Camera.AzimuthJitterDegrees * Math.PI / 180;
                    VirtualCamera.Project(clip.Pose3d, _joints, _root, _options.Camera, azimuth, input);
                }

                batch.Count++;
                if (batch.Count == _options.BatchSize)
                {
                    await _ready.Writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
                    batch = null;
                }
            }

            if (batch is { Count: > 0 })
            {
                await _ready.Writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
            }

            _ready.Writer.TryComplete();
        }
        catch (Exception e)
        {
            _ready.Writer.TryComplete(e);
            throw;
        }
    }

    private async ValueTask<TrainingBatch> NextFreeAsync(CancellationToken cancellationToken)
    {
        var batch = await _free.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        batch.Count = 0;
        return batch;
    }
}
