using Akka.Actor;
using PoseCluster.Actors.Training;
using PoseCluster.Storage.Registry;

namespace PoseCluster.Actors.Experiments;

/// <summary>
/// The experiment entity's view of its running attempt (in memory only: an entity that restarts ends an open
/// attempt and starts a new one): its claim, its ranks (started, ended, completed), and why it is ending.
/// </summary>
/// <param name="number">Attempt number.</param>
/// <param name="claim">The trainer pool claim id.</param>
internal sealed class RunningAttempt(int number, string claim)
{
    // The first reason the attempt is ending for, and the first node loss (which explains the other ranks' failures).
    private string? firstReason;
    private string? nodeLost;

    /// <summary>Attempt number.</summary>
    public int Number { get; } = number;

    /// <summary>Claim id in the trainer pool.</summary>
    public string Claim { get; } = claim;

    /// <summary>The checkpoint the attempt resumes from.</summary>
    public CheckpointRecord? ResumeFrom { get; set; }

    /// <summary>Each rank's state, by rank (empty until the slots are granted).</summary>
    public RankState[] Ranks { get; private set; } = [];

    /// <summary>The trainer host of each rank.</summary>
    public List<IActorRef> Hosts { get; } = [];

    /// <summary>The attempt's rendezvous store.</summary>
    public IActorRef? Rendezvous { get; set; }

    /// <summary>True once the attempt is ending (every rank was told to stop).</summary>
    public bool Draining { get; set; }

    /// <summary>True when a rank failed in a way another attempt would repeat.</summary>
    public bool Permanent { get; private set; }

    /// <summary>True when every rank reported that it started.</summary>
    public bool AllStarted => Ranks.All(r => r.Actor is not null || r.Ended);

    /// <summary>True when every rank ended.</summary>
    public bool AllEnded => Ranks.All(r => r.Ended);

    /// <summary>Sets up <paramref name="worldSize"/> ranks.</summary>
    public void Begin(int worldSize) => Ranks = [.. Enumerable.Range(0, worldSize).Select(_ => new RankState())];

    /// <summary>The rank of a rank actor, or null.</summary>
    public int? RankOf(IActorRef actor)
    {
        var index = Array.FindIndex(Ranks, r => actor.Equals(r.Actor));
        return index < 0 ? null : index;
    }

    /// <summary>The ranks that have started, for messages.</summary>
    public IEnumerable<int> Started() => Enumerable.Range(0, Ranks.Length).Where(r => Ranks[r].Actor is not null);

    /// <summary>Records why a rank (or the attempt) is ending.</summary>
    public void Note(string reason, RankFailureKind kind, bool lost)
    {
        firstReason ??= reason;
        if (lost)
        {
            nodeLost ??= reason;
        }

        Permanent |= kind == RankFailureKind.Permanent;
    }

    /// <summary>Why the attempt ended: a lost node explains everything else, else the first failure.</summary>
    public string Reason(TimeSpan drainTimeout)
    {
        if (nodeLost is not null)
        {
            return nodeLost;
        }

        var missing = Enumerable.Range(0, Ranks.Length).Where(r => !Ranks[r].Ended).ToList();
        var reason = firstReason ?? "ended";
        return missing.Count == 0 ? reason : $"{reason}; rank(s) {string.Join(", ", missing)} did not end within {drainTimeout.TotalSeconds:0} s";
    }

    /// <summary>One rank of the attempt.</summary>
    internal sealed class RankState
    {
        /// <summary>The rank's actor, once it reported that it started.</summary>
        public IActorRef? Actor { get; set; }

        /// <summary>True once it completed, failed or was lost.</summary>
        public bool Ended { get; set; }

        /// <summary>True when it completed its run.</summary>
        public bool Completed { get; set; }
    }
}
