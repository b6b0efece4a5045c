namespace PoseCluster.Runtime.TestKit;

/// <summary>A TestKit expectation did not hold (wrong message, nothing in time, a message where none was expected).</summary>
public sealed class TestKitAssertionException : Exception
{
    /// <summary>Creates the exception with a message that says what was expected and what happened.</summary>
    public TestKitAssertionException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with the last error of an assertion that never passed.</summary>
    public TestKitAssertionException(string message, Exception inner) : base(message, inner)
    {
    }
}
