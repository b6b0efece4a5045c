using PoseCluster.Runtime.Actors;

namespace PoseCluster.Runtime.TestKit;

/// <summary>
/// An extra test actor with its own queue and expectations (made by <see cref="TestKit.CreateTestProbe"/>):
/// use several to tell apart who received what. Its actor stops with the system.
/// </summary>
public sealed class TestProbe : TestKitBase
{
    private readonly ActorSystem _system;

    internal TestProbe(ActorSystem system, TestKitSettings settings, string name)
        : base(settings)
    {
        _system = system;
        InitializeTestActor(system, name);
    }

    /// <inheritdoc/>
    public override ActorSystem Sys => _system;

    /// <summary>The probe's actor (same as <see cref="TestKitBase.TestActor"/>).</summary>
    public IActorRef Ref => TestActor;

    /// <summary>Sends <paramref name="message"/> to <paramref name="target"/> with this probe as the sender.</summary>
    public void Send(IActorRef target, object message)
    {
        ArgumentNullException.ThrowIfNull(target);
        target.Tell(message, Ref);
    }
}
