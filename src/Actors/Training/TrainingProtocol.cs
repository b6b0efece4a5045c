using Akka.Actor;
using PoseCluster.Actors.Experiments;
using PoseCluster.Actors.Serialization;
using PoseCluster.Storage.Registry;

namespace PoseCluster.Actors.Training;

// The training stage's messages (sealed records, serialized by ClusterMessageSerializer): trainer nodes and
// the TrainerPool singleton, the experiment entity and the trainer hosts, ranks and their experiment, and the
// per-attempt rendezvous store. IActorRef fields are fine in messages (Akka serializes them as paths); the
// pool's events hold addresses only.

/// <summary>A trainer node advertises its slots to the pool (sent again every posecluster.trainer.register-interval).</summary>
/// <param name="Address">The node's Akka address.</param>
/// <param name="Slots">Slots it offers.</param>
/// <param name="Host">Its <see cref="TrainerHost"/>, which starts ranks.</param>
public sealed record RegisterTrainerNode(string Address, int Slots, IActorRef Host) : IClusterMessage;

/// <summary>Claims between <paramref name="Min"/> and <paramref name="Max"/> free slots in one step; answered by <see cref="SlotsGranted"/> or <see cref="SlotsUnavailable"/>. Idempotent per claim.</summary>
/// <param name="Claim">Claim id: <c>experiment/attempt</c>.</param>
/// <param name="Min">Fewest slots worth having.</param>
/// <param name="Max">Most slots wanted.</param>
public sealed record ClaimSlots(string Claim, int Min, int Max) : IClusterMessage;

/// <summary>The claim holds these slots (rank order: the nodes in order, each for <see cref="GrantedSlots.Count"/> ranks).</summary>
/// <param name="Claim">Claim id.</param>
/// <param name="Nodes">Granted slots per node.</param>
public sealed record SlotsGranted(string Claim, IReadOnlyList<GrantedSlots> Nodes) : IClusterMessage;

/// <summary>Slots on one node of a grant.</summary>
/// <param name="Address">The node.</param>
/// <param name="Count">Slots there.</param>
/// <param name="Host">The node's trainer host.</param>
public sealed record GrantedSlots(string Address, int Count, IActorRef Host) : IClusterMessage;

/// <summary>Fewer than the minimum are free now; nothing was claimed.</summary>
/// <param name="Claim">Claim id.</param>
/// <param name="Free">Free slots on reachable trainer nodes.</param>
/// <param name="Total">All slots of reachable trainer nodes.</param>
public sealed record SlotsUnavailable(string Claim, int Free, int Total) : IClusterMessage;

/// <summary>Frees a claim's slots (idempotent); answered by <see cref="SlotsReleased"/>.</summary>
/// <param name="Claim">Claim id.</param>
public sealed record ReleaseSlots(string Claim) : IClusterMessage;

/// <summary>The claim's slots are free (or were never claimed).</summary>
/// <param name="Claim">Claim id.</param>
public sealed record SlotsReleased(string Claim) : IClusterMessage;

/// <summary>Asks the pool for every trainer node's slots; answered by <see cref="TrainerSlotsReport"/>.</summary>
public sealed record GetTrainerSlots : IClusterMessage
{
    /// <summary>The one instance.</summary>
    public static GetTrainerSlots Instance { get; } = new();
}

/// <summary>Slots of every trainer node the pool knows (reachable or not).</summary>
/// <param name="Nodes">One entry per node, by address.</param>
public sealed record TrainerSlotsReport(IReadOnlyList<TrainerNodeSlots> Nodes) : IClusterMessage;

/// <summary>One node in <see cref="TrainerSlotsReport"/>.</summary>
/// <param name="Address">The node.</param>
/// <param name="Slots">Slots it advertises.</param>
/// <param name="Busy">Slots claimed by running attempts.</param>
/// <param name="Reachable">False while the failure detector marks it unreachable (its slots are not offered).</param>
public sealed record TrainerNodeSlots(string Address, int Slots, int Busy, bool Reachable) : IClusterMessage;

/// <summary>Pool event: a claim took these slots.</summary>
/// <param name="Claim">Claim id.</param>
/// <param name="Slots">Slots per node address.</param>
public sealed record SlotsClaimRecorded(string Claim, IReadOnlyDictionary<string, int> Slots) : IClusterMessage;

/// <summary>Pool event: a claim's slots were freed.</summary>
/// <param name="Claim">Claim id.</param>
public sealed record SlotsClaimReleased(string Claim) : IClusterMessage;

/// <summary>Pool snapshot: every open claim.</summary>
/// <param name="Claims">Claim id → slots per node address.</param>
public sealed record TrainerPoolSnapshot(IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Claims) : IClusterMessage;

/// <summary>Tells a trainer host to start one rank of an attempt (it reports to <paramref name="Coordinator"/>).</summary>
/// <param name="ExperimentId">The experiment.</param>
/// <param name="Attempt">Attempt number.</param>
/// <param name="Rank">This rank.</param>
/// <param name="WorldSize">Ranks of the attempt.</param>
/// <param name="Spec">The experiment's spec (steps, shared settings).</param>
/// <param name="CorpusVersion">The pinned corpus version.</param>
/// <param name="ResumeFrom">The checkpoint rank 0 resumes from, if any.</param>
/// <param name="Rendezvous">The attempt's rendezvous store actor.</param>
/// <param name="Coordinator">The experiment entity (ranks watch it, and stop when it is gone).</param>
public sealed record StartRank(
    string ExperimentId,
    int Attempt,
    int Rank,
    int WorldSize,
    ExperimentSpec Spec,
    string CorpusVersion,
    CheckpointRecord? ResumeFrom,
    IActorRef Rendezvous,
    IActorRef Coordinator) : IClusterMessage;

/// <summary>Tells a rank (or a host, for every rank of the attempt) to stop at the next step.</summary>
/// <param name="ExperimentId">The experiment.</param>
/// <param name="Attempt">Attempt number.</param>
/// <param name="Reason">Why, for the logs.</param>
public sealed record StopRank(string ExperimentId, int Attempt, string Reason) : IClusterMessage;

/// <summary>A rank rendezvoused and holds rank 0's state at <paramref name="Step"/>; it trains now.</summary>
/// <param name="ExperimentId">The experiment.</param>
/// <param name="Attempt">Attempt number.</param>
/// <param name="Rank">The rank.</param>
/// <param name="Step">The step every rank starts from.</param>
public sealed record RankStarted(string ExperimentId, int Attempt, int Rank, long Step) : IClusterMessage;

/// <summary>Rank 0 trained every step and evaluates now.</summary>
/// <param name="ExperimentId">The experiment.</param>
/// <param name="Attempt">Attempt number.</param>
/// <param name="Step">The final step.</param>
public sealed record RankEvaluating(string ExperimentId, int Attempt, long Step) : IClusterMessage;

/// <summary>A rank finished (rank 0: trained, checkpointed, evaluated, recorded).</summary>
/// <param name="ExperimentId">The experiment.</param>
/// <param name="Attempt">Attempt number.</param>
/// <param name="Rank">The rank.</param>
/// <param name="Steps">The model's step at the end.</param>
public sealed record RankCompleted(string ExperimentId, int Attempt, int Rank, long Steps) : IClusterMessage;

/// <summary>A rank ended without finishing.</summary>
/// <param name="ExperimentId">The experiment.</param>
/// <param name="Attempt">Attempt number.</param>
/// <param name="Rank">The rank.</param>
/// <param name="Reason">Why (a peer was lost, a collective timed out, cancelled, an error).</param>
/// <param name="Kind">What a new attempt could do about it.</param>
public sealed record RankFailed(string ExperimentId, int Attempt, int Rank, string Reason, RankFailureKind Kind) : IClusterMessage;

/// <summary>Rendezvous store: sets a key; answered by <see cref="RendezvousDone"/>.</summary>
/// <param name="Key">Key.</param>
/// <param name="Value">Value (bytes travel as base64 JSON).</param>
public sealed record RendezvousSet(string Key, byte[] Value) : IClusterMessage;

/// <summary>Rendezvous store: a key's value; answered by <see cref="RendezvousValue"/> (null value when the key is missing).</summary>
/// <param name="Key">Key.</param>
public sealed record RendezvousGet(string Key) : IClusterMessage;

/// <summary>Rendezvous store: answered by <see cref="RendezvousDone"/> once every key exists.</summary>
/// <param name="Keys">Keys.</param>
public sealed record RendezvousWait(IReadOnlyList<string> Keys) : IClusterMessage;

/// <summary>Rendezvous store: whether every key exists now; answered by <see cref="RendezvousChecked"/>.</summary>
/// <param name="Keys">Keys.</param>
public sealed record RendezvousCheck(IReadOnlyList<string> Keys) : IClusterMessage;

/// <summary>Rendezvous store: the value of a key, or null.</summary>
/// <param name="Key">Key.</param>
/// <param name="Value">Its value, or null when it is not set.</param>
public sealed record RendezvousValue(string Key, byte[]? Value) : IClusterMessage;

/// <summary>Rendezvous store: whether every key asked for exists.</summary>
/// <param name="Present">True when all exist.</param>
public sealed record RendezvousChecked(bool Present) : IClusterMessage;

/// <summary>Rendezvous store: the set is stored, or the keys waited for exist.</summary>
public sealed record RendezvousDone : IClusterMessage
{
    /// <summary>The one instance.</summary>
    public static RendezvousDone Instance { get; } = new();
}
