using Microsoft.Extensions.Logging;
using PoseCluster.Runtime.Actors;
using PoseCluster.Runtime.Configuration;
using Xunit;

namespace PoseCluster.Runtime.TestKit;

/// <summary>
/// Base class of actor tests (xunit): one <see cref="ActorSystem"/> per test, a test actor whose
/// messages the expectations read, and probes. The system is shut down after the test (xunit calls
/// <see cref="DisposeAsync"/>; <see cref="Dispose()"/> covers runners that only dispose).
/// </summary>
public abstract class TestKit : TestKitBase, IAsyncLifetime, IDisposable
{
    private readonly ActorSystem _system;

    // Names probes uniquely within the system (test thread only).
    private int _nextProbe;

    // Set once the system was shut down, so that DisposeAsync and Dispose do it once.
    private int _disposed;

    /// <summary>Starts a system named after the test class.</summary>
    /// <param name="config">
    /// Settings for the system (<c>posecluster.actors</c>) and the TestKit (<c>posecluster.test</c>); null
    /// means the defaults with the process's <c>POSECLUSTER__…</c> environment overrides.
    /// </param>
    /// <param name="systemName">The system's name; null means the test class's name.</param>
    /// <param name="loggerFactory">Where the runtime logs; null means nowhere.</param>
    protected TestKit(Config? config = null, string? systemName = null, ILoggerFactory? loggerFactory = null)
        : base(TestKitSettings.FromConfig(config ??= new ConfigBuilder().AddEnvironmentOverrides().Build()))
    {
        _system = ActorSystem.Create(systemName ?? SanitizedName(GetType().Name), config, loggerFactory);
        InitializeTestActor(_system, "testActor");
    }

    /// <inheritdoc/>
    public override ActorSystem Sys => _system;

    /// <summary>A new probe with its own test actor and queue.</summary>
    public TestProbe CreateTestProbe(string? name = null) =>
        new(_system, TestKitSettings, name ?? $"testProbe-{++_nextProbe}");

    /// <summary>Nothing to do before the test: the system starts in the constructor.</summary>
    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Shuts the system down (waits at most its shutdown timeout).</summary>
    public async Task DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await _system.ShutdownAsync().ConfigureAwait(false);
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Shuts the system down if <see cref="DisposeAsync"/> has not.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Shuts the system down (blocking) when <paramref name="disposing"/>; subclasses release their own resources here.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _system.ShutdownAsync().GetAwaiter().GetResult();
        }
    }

    private static string SanitizedName(string typeName)
    {
        var name = new string([.. typeName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-')]);
        return name.Length == 0 ? "test" : name;
    }
}
