namespace PoseCluster.Runtime.Tests.Cluster;

/// <summary>Bounded waiting for a condition that other processes or actors make true.</summary>
internal static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until it holds; fails the test after <paramref name="timeout"/>.</summary>
    public static async Task AwaitAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out after {timeout.TotalSeconds:0.#} s waiting until {what}");
            }

            await Task.Delay(50);
        }
    }
}
