namespace PoseCluster.Actors.Sharding;

/// <summary>A message for one sharded entity: <see cref="EntityMessageExtractor"/> routes it by <see cref="EntityId"/>.</summary>
public interface IEntityMessage
{
    /// <summary>The stable id of the entity the message is for (it says what it is, e.g. <c>counter:42</c>).</summary>
    string EntityId { get; }
}
