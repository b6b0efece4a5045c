using System.Text.Json;
using System.Text.Json.Serialization;

namespace PoseCluster.Host.Http;

// The JSON of the experiment endpoints (docs/API.md), shared by the endpoints and the CLI (submit, status).
// Property names become snake_case through ApiJson.Options; times are UTC.

/// <summary><c>GET /api/experiments</c>.</summary>
/// <param name="Experiments">Every experiment, newest first.</param>
internal sealed record ExperimentListView(IReadOnlyList<ExperimentSummaryView> Experiments);

/// <summary>One experiment of the list.</summary>
/// <param name="Id">Experiment id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Status">Submitted, WaitingForCorpus, Training, Evaluating, Succeeded, Failed or Cancelled.</param>
/// <param name="Step">Steps done (the latest recorded).</param>
/// <param name="Steps">Steps asked for.</param>
/// <param name="Attempt">The newest attempt's number.</param>
/// <param name="Loss">The latest train/loss.</param>
/// <param name="CorpusVersion">The pinned corpus version.</param>
/// <param name="Created">When it was submitted.</param>
internal sealed record ExperimentSummaryView(string Id, string Name, string Status, long Step, long Steps, int? Attempt, double? Loss, string? CorpusVersion, DateTime Created);

/// <summary><c>GET /api/experiments/{id}</c>.</summary>
/// <param name="Id">Experiment id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Status">Its status.</param>
/// <param name="Spec">The spec as submitted.</param>
/// <param name="CorpusVersion">The pinned corpus version.</param>
/// <param name="Step">Steps done.</param>
/// <param name="Steps">Steps asked for.</param>
/// <param name="Attempts">Every attempt, oldest first.</param>
/// <param name="Latest">The latest training figures.</param>
/// <param name="Val">The latest evaluation of the val split (the test split when there is no val).</param>
/// <param name="ValSplit">The split <paramref name="Val"/> is of.</param>
/// <param name="ValByDataset">The latest evaluation per dataset of that split.</param>
/// <param name="Checkpoints">Every stored checkpoint by step.</param>
/// <param name="Checkpoint">Key of the newest checkpoint.</param>
/// <param name="Error">Why a failed experiment failed.</param>
/// <param name="Waiting">What it waits for right now.</param>
/// <param name="Created">When it was submitted.</param>
internal sealed record ExperimentView(
    string Id,
    string Name,
    string Status,
    JsonElement Spec,
    string? CorpusVersion,
    long Step,
    long Steps,
    IReadOnlyList<AttemptView> Attempts,
    LatestView? Latest,
    MetricsView? Val,
    string? ValSplit,
    IReadOnlyDictionary<string, MetricsView>? ValByDataset,
    IReadOnlyList<CheckpointView> Checkpoints,
    string? Checkpoint,
    string? Error,
    string? Waiting,
    DateTime Created);

/// <summary>One attempt.</summary>
/// <param name="Number">1, 2, ...</param>
/// <param name="WorldSize">Ranks.</param>
/// <param name="StartStep">The step it resumed from.</param>
/// <param name="Started">When it started.</param>
/// <param name="Ended">When it ended, or null.</param>
/// <param name="EndReason">Why, or null while it runs.</param>
/// <param name="Nodes">Trainer node of each rank.</param>
internal sealed record AttemptView(int Number, int WorldSize, long? StartStep, DateTime Started, DateTime? Ended, string? EndReason, IReadOnlyList<string>? Nodes);

/// <summary>The latest training figures.</summary>
/// <param name="Loss">train/loss.</param>
/// <param name="Lr">train/lr.</param>
/// <param name="ClipsPerS">train/clips_per_s (all ranks).</param>
/// <param name="AllreduceMs">train/allreduce_ms.</param>
/// <param name="StepMs">train/step_ms.</param>
internal sealed record LatestView(double? Loss, double? Lr, double? ClipsPerS, double? AllreduceMs, double? StepMs);

/// <summary>The six evaluation metrics: MPJPE, P-MPJPE, N-MPJPE (mm), MPJVE (mm/frame), PCK@150 and AUC (%).</summary>
internal sealed record MetricsView(double? Mpjpe, double? PMpjpe, double? NMpjpe, double? Mpjve, double? Pck150, double? Auc);

/// <summary>One stored checkpoint.</summary>
/// <param name="Step">Its step.</param>
/// <param name="Key">Object key.</param>
/// <param name="Sha256">SHA-256, lower-case hex.</param>
/// <param name="Bytes">Size.</param>
internal sealed record CheckpointView(long Step, string Key, string Sha256, long Bytes);

/// <summary><c>GET /api/experiments/{id}/metrics</c>: points are [step, value], one per step.</summary>
/// <param name="Series">Metric name → points.</param>
internal sealed record MetricSeriesView(IReadOnlyDictionary<string, IReadOnlyList<double[]>> Series);

/// <summary>Answer of <c>POST /api/experiments</c> and of a cancel.</summary>
/// <param name="Id">Experiment id.</param>
/// <param name="Status">Its status.</param>
internal sealed record ExperimentAcceptedView(string Id, string Status);

/// <summary>An error (docs/API.md): what is wrong, and for a bad spec the message per field path.</summary>
/// <param name="Error">One line naming the bad field(s) or the missing thing.</param>
/// <param name="Errors">Field path → message, for a bad spec.</param>
internal sealed record ErrorView(string Error, IReadOnlyDictionary<string, string>? Errors = null);

/// <summary><c>GET /api/trainers</c>.</summary>
/// <param name="Nodes">Trainer nodes by address.</param>
internal sealed record TrainersView(IReadOnlyList<TrainerNodeView> Nodes);

/// <summary>One trainer node.</summary>
/// <param name="Address">Akka address.</param>
/// <param name="Slots">Slots it advertises.</param>
/// <param name="Busy">Slots claimed by running attempts.</param>
/// <param name="Reachable">False while unreachable (its slots are not offered).</param>
internal sealed record TrainerNodeView(string Address, int Slots, int Busy, bool Reachable);

/// <summary>The JSON settings of the API: snake_case names, nulls written (optional fields are null, not missing).</summary>
internal static class ApiJson
{
    /// <summary>Options for every experiment and trainer body.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };
}
