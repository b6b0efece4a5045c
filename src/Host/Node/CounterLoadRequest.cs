namespace PoseCluster.Host.Node;

/// <summary>Body of <c>POST /api/counters/load</c>.</summary>
/// <param name="Pattern">"tell" (every message at once, replies counted) or "ask" (<paramref name="InFlight"/> at a time).</param>
/// <param name="Message">"increment" (persisted) or "read" (answered from memory).</param>
/// <param name="Messages">How many messages to send.</param>
/// <param name="Counters">Over how many counters (load-0 … load-N-1).</param>
/// <param name="InFlight">Asks outstanding at once.</param>
internal sealed record CounterLoadRequest(string Pattern = "tell", string Message = "increment", int Messages = 100_000, int Counters = 1_000, int InFlight = 64);
