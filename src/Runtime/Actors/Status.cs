namespace PoseCluster.Runtime.Actors;

/// <summary>Replies that say how a request went; <see cref="ActorRefExtensions.Ask{T}"/> turns a failure into an exception.</summary>
public static class Status
{
    /// <summary>The request succeeded; <paramref name="Result"/> is its (optional) value.</summary>
    /// <param name="Result">What the request produced, if anything.</param>
    public sealed record Success(object? Result);

    /// <summary>The request failed with <paramref name="Cause"/>; an <c>Ask</c> waiting for the reply throws it.</summary>
    /// <param name="Cause">Why the request failed.</param>
    public sealed record Failure(Exception Cause);
}
