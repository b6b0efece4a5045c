using Akka.Actor;

namespace PoseCluster.Actors.Training;

/// <summary>
/// The Gloo rendezvous store of one attempt, served through the cluster (ARCHITECTURE §7): the ranks'
/// <see cref="ActorRendezvousStore"/> callbacks ask it to set, get and wait for keys, so no extra server or
/// shared folder is needed. A child of the experiment entity, created fresh for every attempt; holds a few
/// hundred bytes per rank.
/// </summary>
public sealed class RendezvousStoreActor : ReceiveActor
{
    /// <summary>Most keys one attempt may set (Gloo sets a handful per rank).</summary>
    public const int MaxKeys = 65_536;

    private readonly Dictionary<string, byte[]> values = new(StringComparer.Ordinal);
    private readonly List<(IReadOnlyList<string> Keys, IActorRef Waiter)> waiting = [];

    /// <summary>Creates an empty store.</summary>
    public RendezvousStoreActor()
    {
        Receive<RendezvousSet>(HandleSet);
        Receive<RendezvousGet>(get => Sender.Tell(new RendezvousValue(get.Key, values.GetValueOrDefault(get.Key))));
        Receive<RendezvousCheck>(check => Sender.Tell(new RendezvousChecked(check.Keys.All(values.ContainsKey))));
        Receive<RendezvousWait>(HandleWait);
    }

    /// <summary>Props of an attempt's store.</summary>
    public static Props Props() => Akka.Actor.Props.Create(() => new RendezvousStoreActor());

    private void HandleSet(RendezvousSet set)
    {
        if (values.Count >= MaxKeys && !values.ContainsKey(set.Key))
        {
            Sender.Tell(new Status.Failure(new InvalidOperationException($"the rendezvous store holds {MaxKeys} keys already")));
            return;
        }

        values[set.Key] = set.Value;
        Sender.Tell(RendezvousDone.Instance);
        for (var i = waiting.Count - 1; i >= 0; i--)
        {
            if (waiting[i].Keys.All(values.ContainsKey))
            {
                waiting[i].Waiter.Tell(RendezvousDone.Instance);
                waiting.RemoveAt(i);
            }
        }
    }

    private void HandleWait(RendezvousWait wait)
    {
        if (wait.Keys.All(values.ContainsKey))
        {
            Sender.Tell(RendezvousDone.Instance);
        }
        else
        {
            // The waiter's Ask times out on its side; a late answer to it goes to dead letters.
            waiting.Add((wait.Keys, Sender));
        }
    }
}
