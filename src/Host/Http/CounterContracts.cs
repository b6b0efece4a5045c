namespace PoseCluster.Host.Http;

// Request and response bodies of the demo counter's endpoints (CounterEndpoints).

/// <summary>Body of <c>POST /api/counters/increments</c>.</summary>
/// <param name="Increments">The increments to apply (at most <see cref="CounterEndpoints.MaxBatch"/>).</param>
internal sealed record CounterIncrementsRequest(IReadOnlyList<CounterIncrementItem>? Increments);

/// <summary>One increment: add <paramref name="Amount"/> to <paramref name="Counter"/>, once per <paramref name="Command"/>.</summary>
/// <param name="Counter">Counter id.</param>
/// <param name="Command">Unique command id; resending it is safe (counted once).</param>
/// <param name="Amount">What to add.</param>
internal sealed record CounterIncrementItem(string? Counter, string? Command, long Amount);

/// <summary>Answer of <c>POST /api/counters/increments</c>: what was persisted, and what to send again.</summary>
/// <param name="Acknowledged">Commands persisted by their counter (now or before), with the counter's value.</param>
/// <param name="Failed">Commands without an acknowledgement in time (the counter's node may be failing over): resend them.</param>
internal sealed record CounterIncrementsResult(IReadOnlyList<AcknowledgedIncrement> Acknowledged, IReadOnlyList<FailedIncrement> Failed);

/// <summary>An acknowledged command.</summary>
/// <param name="Command">The command id.</param>
/// <param name="Value">Its counter's value after it.</param>
internal sealed record AcknowledgedIncrement(string Command, long Value);

/// <summary>A command without acknowledgement.</summary>
/// <param name="Command">The command id.</param>
/// <param name="Error">Why (a timeout, usually).</param>
internal sealed record FailedIncrement(string Command, string Error);

/// <summary>Answer of <c>GET /api/counters/{id}</c>.</summary>
/// <param name="Counter">Counter id.</param>
/// <param name="Value">Sum of its increments.</param>
/// <param name="Increments">Distinct commands applied.</param>
internal sealed record CounterReading(string Counter, long Value, int Increments);
