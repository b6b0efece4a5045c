using System.Runtime.ExceptionServices;

namespace PoseCluster.Runtime.Actors;

/// <summary>Request/response on top of <see cref="IActorRef.Tell"/>.</summary>
public static class ActorRefExtensions
{
    /// <summary>
    /// Sends <paramref name="message"/> with a temporary sender and waits for its first reply. A
    /// <see cref="Status.Failure"/> reply is thrown as its cause (unless <typeparamref name="T"/> asks for it).
    /// </summary>
    /// <param name="target">The actor to ask.</param>
    /// <param name="message">The request.</param>
    /// <param name="timeout">How long to wait; null means <see cref="ActorSystemSettings.AskTimeout"/>.</param>
    /// <param name="cancellationToken">Stops waiting (the reply, if it comes, becomes a dead letter).</param>
    /// <exception cref="AskTimeoutException">No reply within the timeout.</exception>
    /// <exception cref="InvalidCastException">The reply is not a <typeparamref name="T"/>.</exception>
    public static async Task<T> Ask<T>(this IActorRef target, object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(message);
        if (target is not InternalActorRef runtimeRef)
        {
            throw new ArgumentException($"Ask needs a ref made by an ActorSystem, not a {target.GetType().Name}", nameof(target));
        }

        var system = runtimeRef.System;
        var wait = timeout ?? system.Settings.AskTimeout;
        var promise = new PromiseActorRef(system, system.NewTemporaryPath());
        target.Tell(message, promise);
        object reply;
        try
        {
            reply = await promise.Reply.WaitAsync(wait, system.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            promise.Expire();
            throw new AskTimeoutException(target.Path, message.GetType(), wait);
        }
        catch (OperationCanceledException)
        {
            promise.Expire();
            throw;
        }

        if (reply is T typed)
        {
            return typed;
        }

        if (reply is Status.Failure failure)
        {
            ExceptionDispatchInfo.Throw(failure.Cause);
        }

        throw new InvalidCastException($"Ask to {target.Path} with {message.GetType().Name} expected a {typeof(T).Name} reply but got {reply.GetType().Name}");
    }
}
