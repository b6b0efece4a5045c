using Akka.Actor;
using Akka.Event;
using PoseCluster.Actors.Pipeline;
using PoseCluster.Datasets.Ingestion;
using PoseCluster.Storage.Pipeline;

namespace PoseCluster.Actors.Ingestion;

/// <summary>
/// Stage 1 of one unit of a dataset (sharded on worker nodes, not persistent; id = dataset/unit). This is
/// where "Sequence entity: stage 1" of ARCHITECTURE §1 runs: per unit rather than per sequence, because a
/// unit (an H36M npz, a 3DHP annot.mat) holds several sequences and no raw file may be read twice. It reads
/// the unit's files once, computes every sequence (or finds the unit in the stage-1 cache without reading it
/// when its content hash is known) and stores the result; the small per-sequence records go back to the
/// Dataset entity as soon as they are computed (so it can hand them to the Sequence entities while the frames
/// are written) and again once stored. A request repeated while the unit runs waits for the same run; one
/// repeated after it answers gets the same answer. Its only state is that answer: a worker that dies is
/// replaced by the Dataset entity's next request, and running a unit again finds its result under its
/// content hash (or computes and stores it again when it was not stored).
/// </summary>
public sealed class Stage1UnitEntity : ReceiveActor
{
    /// <summary>Entity type name of the stage-1 unit workers' shard region.</summary>
    public const string TypeName = "stage1-unit";

    private readonly PipelineEnvironment _environment;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<string, Run> _runs = new(StringComparer.Ordinal);
    private readonly ILoggingAdapter _log = Context.GetLogger();

    /// <summary>Creates the worker of one unit.</summary>
    public Stage1UnitEntity(PipelineEnvironment environment)
    {
        _environment = environment ?? throw new ArgumentNullException(nameof(environment));
        Receive<RunStage1Unit>(HandleRun);
        Receive<RunComputed>(HandleComputed);
        Receive<RunFinished>(HandleFinished);
        Receive<RunFailed>(HandleFailed);
    }

    /// <summary>Props of a unit worker.</summary>
    public static Props PropsFor(PipelineEnvironment environment) => Props.Create(() => new Stage1UnitEntity(environment));

    /// <summary>The entity id of <paramref name="unit"/> of <paramref name="dataset"/>.</summary>
    public static string IdOf(string dataset, string unit) => $"{dataset}/{unit}";

    /// <inheritdoc />
    protected override void PostStop()
    {
        _stopping.Cancel();
        _stopping.Dispose();
        base.PostStop();
    }

    private void HandleRun(RunStage1Unit run)
    {
        if (_runs.TryGetValue(run.Job, out var existing))
        {
            if (existing.Answer is { } answer)
            {
                Sender.Tell(answer);
            }

            if (existing.Answer is not { Stored: true } && !existing.Waiters.Contains(Sender))
            {
                existing.Waiters.Add(Sender);
            }

            return;
        }

        // Only the newest job's answer is worth keeping: a dataset runs one job at a time.
        foreach (var old in _runs.Where(r => r.Value.Answer is not null).Select(r => r.Key).ToList())
        {
            _runs.Remove(old);
        }

        _runs[run.Job] = new Run([Sender]);
        var environment = _environment;
        var token = _stopping.Token;
        var self = Self;
        RunAsync().PipeTo(Self, success: outcome => new RunFinished(run, outcome), failure: e => new RunFailed(run, e));

        async Task<Stage1UnitOutcome> RunAsync()
        {
            await environment.Stage1Slots.WaitAsync(token).ConfigureAwait(false);
            try
            {
                return await environment.Runner.RunAsync(new DatasetSource(run.Dataset, run.Kind, run.Directory), run.Unit, run.KnownContentHash, token,
                    computed: outcome => self.Tell(new RunComputed(run, outcome))).ConfigureAwait(false);
            }
            finally
            {
                environment.Stage1Slots.Release();
            }
        }
    }

    private void HandleComputed(RunComputed computed)
    {
        var run = computed.Request;
        if (_runs.TryGetValue(run.Job, out var state) && state.Answer is null)
        {
            // The records go out now; the waiters stay for the answer that says the frames are stored.
            state.Answer = new Stage1UnitDone(run.Dataset, run.Job, computed.Outcome, Stored: false);
            state.Waiters.ForEach(w => w.Tell(state.Answer));
        }
    }

    private void HandleFinished(RunFinished finished)
    {
        var run = finished.Request;
        var outcome = finished.Outcome;
        _log.Info("stage 1 of {0}/{1}: {2}, {3} sequences ({4} computed)", run.Dataset, run.Unit.Id, outcome.Status, outcome.Sequences.Count, outcome.SequencesComputed);
        var answer = new Stage1UnitDone(run.Dataset, run.Job, outcome, Stored: true);
        if (_runs.TryGetValue(run.Job, out var state))
        {
            state.Answer = answer;
            state.Waiters.ForEach(w => w.Tell(answer));
            state.Waiters.Clear();
        }
    }

    private void HandleFailed(RunFailed failed)
    {
        var run = failed.Request;
        var reason = (failed.Cause is AggregateException { InnerException: { } inner } ? inner : failed.Cause).Message.ReplaceLineEndings(" ");
        _log.Warning(failed.Cause, "stage 1 of {0}/{1} failed: {2}", run.Dataset, run.Unit.Id, reason);
        if (_runs.Remove(run.Job, out var state))
        {
            // Forgotten, so the next request runs it again.
            var answer = new Stage1UnitFailed(run.Dataset, run.Job, run.Unit.Id, reason);
            state.Waiters.ForEach(w => w.Tell(answer));
        }
    }

    /// <summary>A run: who waits for it, and its answer once there is one.</summary>
    private sealed class Run(List<IActorRef> waiters)
    {
        public List<IActorRef> Waiters { get; } = waiters;

        public Stage1UnitDone? Answer { get; set; }
    }

    private sealed record RunComputed(RunStage1Unit Request, Stage1UnitOutcome Outcome) : INoSerializationVerificationNeeded;

    private sealed record RunFinished(RunStage1Unit Request, Stage1UnitOutcome Outcome) : INoSerializationVerificationNeeded;

    private sealed record RunFailed(RunStage1Unit Request, Exception Cause) : INoSerializationVerificationNeeded;
}
