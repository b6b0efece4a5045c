namespace PoseCluster.Actors.Pipeline;

/// <summary>
/// At-least-once sending of many commands with a bound on how many are unanswered: the sender keeps the
/// pending commands (removed once answered) and the keys it has sent.
/// </summary>
internal static class SendWindow
{
    /// <summary>
    /// Sends each pending command not sent yet while fewer than <paramref name="limit"/> are outstanding; with
    /// <paramref name="resend"/> (the retry timer) also sends the outstanding ones again.
    /// </summary>
    public static void Send<T>(IEnumerable<KeyValuePair<string, T>> pending, HashSet<string> sent, bool resend, int limit, Action<string, T> send)
    {
        ArgumentNullException.ThrowIfNull(pending);
        ArgumentNullException.ThrowIfNull(sent);
        ArgumentNullException.ThrowIfNull(send);
        var items = pending.ToList();
        var outstanding = items.Count(p => sent.Contains(p.Key));
        foreach (var (key, item) in items)
        {
            var wasSent = sent.Contains(key);
            if (wasSent ? resend : outstanding < limit)
            {
                outstanding += wasSent ? 0 : 1;
                sent.Add(key);
                send(key, item);
            }
        }
    }
}
