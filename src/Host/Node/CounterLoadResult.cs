namespace PoseCluster.Host.Node;

/// <summary>Answer of <c>POST /api/counters/load</c>: what was sent and how fast the replies came back.</summary>
/// <param name="Pattern">"tell" or "ask".</param>
/// <param name="Message">"increment" or "read".</param>
/// <param name="Messages">Messages sent.</param>
/// <param name="Counters">Counters they went to.</param>
/// <param name="InFlight">Asks outstanding at once (ask only).</param>
/// <param name="Replies">Replies received.</param>
/// <param name="Seconds">From the first message to the last reply.</param>
/// <param name="MessagesPerSecond">Replies per second.</param>
internal sealed record CounterLoadResult(string Pattern, string Message, int Messages, int Counters, int InFlight, int Replies, double Seconds, double MessagesPerSecond);
