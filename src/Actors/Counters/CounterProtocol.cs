using PoseCluster.Actors.Serialization;
using PoseCluster.Actors.Sharding;

namespace PoseCluster.Actors.Counters;

// The demo counter's messages, events and snapshot (sealed records, serialized by ClusterMessageSerializer).

/// <summary>Adds <paramref name="Amount"/> to counter <paramref name="EntityId"/> once per <paramref name="CommandId"/>; answered by <see cref="IncrementAcknowledged"/>.</summary>
/// <param name="EntityId">The counter.</param>
/// <param name="CommandId">Unique id of this command: a retried command with the same id is counted once.</param>
/// <param name="Amount">What to add.</param>
public sealed record Increment(string EntityId, string CommandId, long Amount) : IEntityMessage, IClusterMessage;

/// <summary>The increment <paramref name="CommandId"/> is persisted (now or earlier); the counter holds <paramref name="Value"/>.</summary>
/// <param name="EntityId">The counter.</param>
/// <param name="CommandId">The acknowledged command.</param>
/// <param name="Value">The counter's value after it.</param>
public sealed record IncrementAcknowledged(string EntityId, string CommandId, long Value) : IClusterMessage;

/// <summary>Asks counter <paramref name="EntityId"/> for its value; answered by <see cref="CounterValue"/>. Changes nothing.</summary>
/// <param name="EntityId">The counter.</param>
public sealed record GetCounterValue(string EntityId) : IEntityMessage, IClusterMessage;

/// <summary>A counter's value and how many distinct increments made it.</summary>
/// <param name="EntityId">The counter.</param>
/// <param name="Value">Sum of the applied increments.</param>
/// <param name="Increments">Number of distinct commands applied.</param>
public sealed record CounterValue(string EntityId, long Value, int Increments) : IClusterMessage;

/// <summary>Event: the increment <paramref name="CommandId"/> of <paramref name="Amount"/> was applied.</summary>
/// <param name="CommandId">The command it came from.</param>
/// <param name="Amount">What was added.</param>
public sealed record CounterIncremented(string CommandId, long Amount) : IClusterMessage;

/// <summary>Snapshot of a counter: its value and the ids of every command applied so far.</summary>
/// <param name="Value">Sum of the applied increments.</param>
/// <param name="AppliedCommands">Ids of the applied commands (for idempotence after recovery).</param>
public sealed record CounterSnapshot(long Value, IReadOnlyList<string> AppliedCommands) : IClusterMessage;
