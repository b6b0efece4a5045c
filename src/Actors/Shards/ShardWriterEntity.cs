using System.Globalization;
using Akka.Actor;
using Akka.Event;
using PoseCluster.Actors.Pipeline;
using PoseCluster.Datasets.Pipeline;
using PoseCluster.Storage.Pipeline;

namespace PoseCluster.Actors.Shards;

/// <summary>
/// Writes one shard of a corpus version (sharded on worker nodes, not persistent; id = version/split/number):
/// reads the stage-1 frames of its windows (this node's recent units in memory, else the stage-1 cache),
/// applies each sequence's transform and writes the Arrow shard through the object store, SHA-256 computed
/// on the way (<see cref="ShardWriting.WriteAsync"/>). A store's put is all or nothing, so the key never holds
/// half a shard; the layout does not depend on which node writes, so any node writes the same bytes. A request
/// repeated while it writes waits for the same write; one repeated after it answers gets the same answer.
/// </summary>
public sealed class ShardWriterEntity : ReceiveActor
{
    /// <summary>Entity type name of the shard writers' shard region.</summary>
    public const string TypeName = "shard-writer";

    private readonly PipelineEnvironment _environment;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<IActorRef> _waiters = [];
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private ShardWritten? _answer;
    private bool _writing;

    /// <summary>Creates the writer of one shard.</summary>
    public ShardWriterEntity(PipelineEnvironment environment)
    {
        _environment = environment ?? throw new ArgumentNullException(nameof(environment));
        Receive<WriteShard>(HandleWrite);
        Receive<WriteFinished>(HandleFinished);
        Receive<WriteFailed>(HandleFailed);
    }

    /// <summary>Props of a shard writer.</summary>
    public static Props PropsFor(PipelineEnvironment environment) => Props.Create(() => new ShardWriterEntity(environment));

    /// <summary>The entity id of a planned shard: version/split/number.</summary>
    public static string IdOf(ShardAssignment shard)
    {
        ArgumentNullException.ThrowIfNull(shard);
        return string.Create(CultureInfo.InvariantCulture, $"{shard.Version}/{shard.Split}/{shard.Number}");
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        _stopping.Cancel();
        _stopping.Dispose();
        base.PostStop();
    }

    private void HandleWrite(WriteShard write)
    {
        if (_answer is not null)
        {
            Sender.Tell(_answer);
            return;
        }

        if (!_waiters.Contains(Sender))
        {
            _waiters.Add(Sender);
        }

        if (_writing)
        {
            return;
        }

        if (write.ConfigHash != _environment.Config.Hash)
        {
            Reply(new ShardNotWritten(write.EntityId, $"node {NodeAddress.Of(Context.System)} runs another corpus config than the version (every node must have the same settings)"));
            return;
        }

        _writing = true;
        var environment = _environment;
        var token = _stopping.Token;
        WriteAsync().PipeTo(Self, success: shard => new WriteFinished(write.EntityId, shard), failure: e => new WriteFailed(write.EntityId, e));

        async Task<VersionShard> WriteAsync()
        {
            await environment.ShardSlots.WaitAsync(token).ConfigureAwait(false);
            try
            {
                var settings = environment.Settings.Stage2;
                var metadata = ShardWriting.Metadata(write.Assignment.Version, settings, write.Ms, write.Msp);
                return await ShardWriting.WriteAsync(environment.Store, write.Assignment, metadata, settings, environment.Frames, token).ConfigureAwait(false);
            }
            finally
            {
                environment.ShardSlots.Release();
            }
        }
    }

    private void HandleFinished(WriteFinished finished)
    {
        _writing = false;
        _answer = new ShardWritten(finished.EntityId, finished.Shard);
        _log.Info("shard {0}: {1} clips, {2} bytes", finished.Shard.Key, finished.Shard.Clips, finished.Shard.Bytes);
        Reply(_answer);
    }

    private void HandleFailed(WriteFailed failed)
    {
        _writing = false;
        var cause = failed.Cause is AggregateException { InnerException: { } inner } ? inner : failed.Cause;
        _log.Warning(cause, "shard {0} failed", failed.EntityId);
        Reply(new ShardNotWritten(failed.EntityId, cause.Message.ReplaceLineEndings(" ")));
    }

    private void Reply(object answer)
    {
        _waiters.ForEach(w => w.Tell(answer));
        _waiters.Clear();
    }

    private sealed record WriteFinished(string EntityId, VersionShard Shard) : INoSerializationVerificationNeeded;

    private sealed record WriteFailed(string EntityId, Exception Cause) : INoSerializationVerificationNeeded;
}
