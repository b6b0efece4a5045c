using Microsoft.Extensions.Logging;

namespace PoseCluster.Runtime.Actors;

/// <summary>The runtime's log messages, source-generated; event ids 6000–6099 are stable (dashboards filter on them).</summary>
internal static partial class RuntimeLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Error, Message = "Actor {Actor} failed handling {MessageType}")]
    public static partial void ActorFailed(ILogger logger, Exception exception, string actor, string messageType);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Restarting {Actor} (restart {Restart} in the window) after {DelayMs:0} ms back-off, cause {Cause}")]
    public static partial void Restarting(ILogger logger, string actor, int restart, double delayMs, string cause);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "Stopping {Actor}: it reached {MaxRestarts} restarts within {WindowSeconds} s")]
    public static partial void RestartLimitReached(ILogger logger, string actor, int maxRestarts, double windowSeconds);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Information, Message = "Resuming {Actor} after {Cause}")]
    public static partial void Resuming(ILogger logger, string actor, string cause);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Information, Message = "Stopping {Actor} after {Cause} (supervisor decision)")]
    public static partial void StoppingFailed(ILogger logger, string actor, string cause);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Error, Message = "Failure of top-level actor {Actor} escalated past the guardian; stopping it")]
    public static partial void EscalatedToTop(ILogger logger, Exception exception, string actor);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Error, Message = "{Hook} of {Actor} threw")]
    public static partial void HookFailed(ILogger logger, Exception exception, string hook, string actor);

    [LoggerMessage(EventId = 6008, Level = LogLevel.Warning, Message = "Actor {Actor} failed while stopping; the stop continues")]
    public static partial void FailedWhileStopping(ILogger logger, Exception exception, string actor);

    [LoggerMessage(EventId = 6009, Level = LogLevel.Debug, Message = "Actor {Actor} stopped")]
    public static partial void Stopped(ILogger logger, string actor);

    [LoggerMessage(EventId = 6010, Level = LogLevel.Debug, Message = "Dead letter {MessageType} to {Recipient} from {Sender}")]
    public static partial void DeadLetter(ILogger logger, string messageType, string recipient, string sender);

    [LoggerMessage(EventId = 6011, Level = LogLevel.Debug, Message = "Unhandled {MessageType} in {Actor}")]
    public static partial void Unhandled(ILogger logger, string messageType, string actor);

    [LoggerMessage(EventId = 6012, Level = LogLevel.Information, Message = "Actor system {System} shutting down (deadline {TimeoutSeconds} s)")]
    public static partial void ShutdownStarted(ILogger logger, string system, double timeoutSeconds);

    [LoggerMessage(EventId = 6013, Level = LogLevel.Information, Message = "Actor system {System} shut down")]
    public static partial void ShutdownCompleted(ILogger logger, string system);

    [LoggerMessage(EventId = 6014, Level = LogLevel.Warning, Message = "Actor system {System}: shutdown deadline of {TimeoutSeconds} s passed before every actor stopped")]
    public static partial void ShutdownDeadlinePassed(ILogger logger, string system, double timeoutSeconds);

    [LoggerMessage(EventId = 6015, Level = LogLevel.Critical, Message = "Run loop of {Actor} crashed (a runtime bug); the actor stops")]
    public static partial void RunLoopCrashed(ILogger logger, Exception exception, string actor);
}
