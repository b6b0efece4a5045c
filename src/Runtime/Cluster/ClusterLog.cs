using Microsoft.Extensions.Logging;

namespace PoseCluster.Runtime.Cluster;

/// <summary>The cluster's log messages, source-generated; event ids 6100–6199 are stable.</summary>
internal static partial class ClusterLog
{
    [LoggerMessage(EventId = 6101, Level = LogLevel.Warning, Message = "Cluster store call {Operation} for {EntityType} shard {Shard} failed; retrying later")]
    public static partial void StoreCallFailed(ILogger logger, string operation, string entityType, int shard, Exception exception);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Error, Message = "Dropping inbox message {MessageId} of {EntityType}: it cannot be read")]
    public static partial void UnreadableMessage(ILogger logger, string messageId, string entityType, Exception exception);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Warning, Message = "Handler of message {MessageId} for entity {EntityId} of {EntityType} failed; delivering it again later")]
    public static partial void HandlerFailed(ILogger logger, string messageId, string entityId, string entityType, Exception exception);

    [LoggerMessage(EventId = 6104, Level = LogLevel.Information, Message = "Joined the cluster as {Address} (incarnation {Incarnation}, roles {Roles})")]
    public static partial void Joined(ILogger logger, string address, long incarnation, string roles);

    [LoggerMessage(EventId = 6105, Level = LogLevel.Warning, Message = "Marked {Address} down: no heartbeat within the failure timeout")]
    public static partial void MarkedDown(ILogger logger, string address);

    [LoggerMessage(EventId = 6106, Level = LogLevel.Warning, Message = "This node ({Address}) was marked down or replaced; stopping its shards and joining again")]
    public static partial void LostMembership(ILogger logger, string address);

    [LoggerMessage(EventId = 6107, Level = LogLevel.Warning, Message = "Cluster store call {Operation} failed; retrying on the next tick")]
    public static partial void MembershipCallFailed(ILogger logger, string operation, Exception exception);

    [LoggerMessage(EventId = 6108, Level = LogLevel.Information, Message = "Leaving the cluster: handing over {Shards} shards")]
    public static partial void Leaving(ILogger logger, int shards);

    [LoggerMessage(EventId = 6109, Level = LogLevel.Information, Message = "Left the cluster as {Address}")]
    public static partial void Left(ILogger logger, string address);

    [LoggerMessage(EventId = 6110, Level = LogLevel.Information, Message = "Singleton {Name} starts on this node")]
    public static partial void SingletonStarted(ILogger logger, string name);

    [LoggerMessage(EventId = 6111, Level = LogLevel.Warning, Message = "Singleton {Name} lost its lease on this node; stopping it")]
    public static partial void SingletonLost(ILogger logger, string name);
}
