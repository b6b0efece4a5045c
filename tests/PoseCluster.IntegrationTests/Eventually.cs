namespace PoseCluster.IntegrationTests;

/// <summary>Bounded waiting for a condition that other processes make true.</summary>
internal static class Eventually
{
    /// <summary>
    /// Polls <paramref name="condition"/> until it holds; fails the test after <paramref name="timeout"/>
    /// with <paramref name="diagnostics"/> (node logs). A condition that throws (a node not answering yet) counts as false.
    /// </summary>
    public static async Task AwaitAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, Func<string>? diagnostics = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        Exception? last = null;
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
            {
                last = e;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out after {timeout.TotalSeconds:0.#} s waiting until {what}{(last is null ? "" : $" (last error: {last.Message})")}\n{diagnostics?.Invoke()}");
            }

            await Task.Delay(250);
        }
    }
}
