using Akka.Actor;
using Akka.Event;

namespace PoseCluster.Actors.Training;

/// <summary>
/// One per node with the role "trainer": advertises the node's slots to the <see cref="TrainerPool"/> and runs
/// the ranks the pool's claimants start here, one <see cref="TrainerRank"/> child per rank, at most one per
/// slot. A rank of an older attempt of the same experiment is stopped when a newer attempt starts one here;
/// a start that finds no free slot (an old rank still finishing its step) waits until one frees.
/// </summary>
public sealed class TrainerHost : ReceiveActor, IWithTimers
{
    /// <summary>Name of the host actor under /user.</summary>
    public const string Name = "trainer-host";

    private readonly TrainingEnvironment environment;
    private readonly IActorRef pool;
    private readonly string address;
    private readonly Dictionary<IActorRef, StartRank> running = [];
    private readonly Queue<StartRank> queued = new();
    private readonly ILoggingAdapter log = Context.GetLogger();

    /// <summary>Creates the host of this node; <paramref name="pool"/> is the pool singleton's proxy.</summary>
    public TrainerHost(TrainingEnvironment environment, IActorRef pool)
    {
        this.environment = environment;
        this.pool = pool;
        address = Akka.Cluster.Cluster.Get(Context.System).SelfAddress.ToString();
        Receive<Advertise>(_ => pool.Tell(new RegisterTrainerNode(address, environment.Trainer.Slots, Self)));
        Receive<StartRank>(HandleStart);
        Receive<StopRank>(HandleStop);
        Receive<Terminated>(HandleTerminated);
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props of the node's host.</summary>
    public static Props Props(TrainingEnvironment environment, IActorRef pool) => Akka.Actor.Props.Create(() => new TrainerHost(environment, pool));

    /// <inheritdoc />
    protected override void PreStart()
    {
        // Ranks run long CPU-bound steps on thread-pool threads; keep enough threads for Akka and Kestrel beside them.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, Environment.ProcessorCount + environment.Trainer.Slots + 4), io);
        Self.Tell(Advertise.Instance);
        Timers.StartPeriodicTimer("advertise", Advertise.Instance, environment.Trainer.RegisterInterval);
    }

    private void HandleStart(StartRank start)
    {
        foreach (var (rank, old) in running.Where(r => r.Value.ExperimentId == start.ExperimentId && r.Value.Attempt < start.Attempt).ToList())
        {
            rank.Tell(new StopRank(old.ExperimentId, old.Attempt, $"attempt {start.Attempt} starts"));
        }

        if (running.Count < environment.Trainer.Slots)
        {
            Launch(start);
        }
        else
        {
            log.Info("trainer host: rank {0} of {1} attempt {2} waits for a free slot", start.Rank, start.ExperimentId, start.Attempt);
            queued.Enqueue(start);
        }
    }

    private void HandleStop(StopRank stop)
    {
        foreach (var (rank, start) in running.Where(r => r.Value.ExperimentId == stop.ExperimentId && r.Value.Attempt == stop.Attempt).ToList())
        {
            rank.Tell(stop);
        }

        var kept = queued.Where(q => !(q.ExperimentId == stop.ExperimentId && q.Attempt == stop.Attempt)).ToList();
        queued.Clear();
        foreach (var item in kept)
        {
            queued.Enqueue(item);
        }
    }

    private void HandleTerminated(Terminated terminated)
    {
        running.Remove(terminated.ActorRef);
        while (running.Count < environment.Trainer.Slots && queued.TryDequeue(out var next))
        {
            Launch(next);
        }
    }

    private void Launch(StartRank start)
    {
        var rank = Context.ActorOf(TrainerRank.Props(start, environment), $"rank-{start.Rank}-attempt-{start.Attempt}-{Guid.NewGuid():N}");
        Context.Watch(rank);
        running[rank] = start;
    }

    /// <summary>Timer message: advertise the slots again (never leaves the node).</summary>
    private sealed record Advertise : INoSerializationVerificationNeeded
    {
        public static Advertise Instance { get; } = new();
    }
}
