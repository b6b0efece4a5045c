using Akka.Actor;
using PoseCluster.Actors.Sharding;

namespace PoseCluster.Actors.Tests.Support;

/// <summary>
/// A shard region stand-in for actor specs (local provider, no cluster): one child per entity id, created on the
/// first message for it, every <see cref="IEntityMessage"/> forwarded to its entity. <see cref="StopEntity"/>
/// stops one and answers once it has stopped; the next message for the id starts it again (from its journal).
/// </summary>
internal sealed class LocalRegion : ReceiveActor
{
    private readonly Func<string, Props> _entityProps;
    private readonly Dictionary<string, IActorRef> _entities = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, (StopEntity Stop, IActorRef Requester)> _stopping = [];
    private int _incarnation;

    public LocalRegion(Func<string, Props> entityProps)
    {
        _entityProps = entityProps;
        Receive<StopEntity>(stop =>
        {
            if (_entities.Remove(stop.EntityId, out var child))
            {
                _stopping[child] = (stop, Sender);
                child.Tell(PoisonPill.Instance);
            }
            else
            {
                Sender.Tell(stop);
            }
        });
        Receive<Terminated>(terminated =>
        {
            if (_stopping.Remove(terminated.ActorRef, out var stopping))
            {
                stopping.Requester.Tell(stopping.Stop);
                return;
            }

            foreach (var id in _entities.Where(e => e.Value.Equals(terminated.ActorRef)).Select(e => e.Key).ToList())
            {
                _entities.Remove(id);
            }
        });
        Receive<IEntityMessage>(message => Entity(message.EntityId).Forward(message));
    }

    /// <summary>Props of a region whose entities are made by <paramref name="entityProps"/>.</summary>
    public static Props PropsFor(Func<string, Props> entityProps) => Props.Create(() => new LocalRegion(entityProps));

    private IActorRef Entity(string id)
    {
        if (!_entities.TryGetValue(id, out var entity))
        {
            entity = Context.ActorOf(_entityProps(id), $"{Uri.EscapeDataString(id)}-{++_incarnation}");
            Context.Watch(entity);
            _entities[id] = entity;
        }

        return entity;
    }
}

/// <summary>Stops entity <paramref name="EntityId"/> of a <see cref="LocalRegion"/>; answered with itself once it has stopped.</summary>
internal sealed record StopEntity(string EntityId) : INoSerializationVerificationNeeded;
