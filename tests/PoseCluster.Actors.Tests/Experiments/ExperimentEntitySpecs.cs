using Akka.Actor;
using Akka.TestKit;
using PoseCluster.Actors.Experiments;
using PoseCluster.Actors.Tests.Support;
using PoseCluster.Actors.Training;
using PoseCluster.Storage.Registry;
using Xunit.Abstractions;

namespace PoseCluster.Actors.Tests.Experiments;

/// <summary>
/// The experiment entity's lifecycle with the trainer pool, the trainer hosts and the ranks played by probes:
/// attempts end on every rank when one fails, the next resumes from the newest recorded checkpoint with the slots
/// left, cancel stops the running attempt, a restarted entity ends the attempt it had open, bad inputs fail it.
/// </summary>
public sealed class ExperimentEntitySpecs(ITestOutputHelper output) : ActorSpec(output), IAsyncLifetime
{
    private const string TinySpec = "steps = 20\nmodel.preset = tiny\nmin-ranks = 1\nmax-ranks = 2\ncorpus = " + ExperimentWorld.Corpus;

    private ExperimentWorld world = null!;

    public async Task InitializeAsync()
    {
        world = await ExperimentWorld.CreateAsync();
        await world.AddCorpusAsync();
    }

    public async Task DisposeAsync()
    {
        Shutdown();
        await world.DisposeAsync();
    }

    [Fact]
    public async Task A_lost_rank_ends_the_attempt_on_every_rank_and_the_next_resumes_from_the_newest_checkpoint_with_the_slots_left()
    {
        var (pool, hostA, hostB) = (CreateTestProbe(), CreateTestProbe(), CreateTestProbe());
        var entity = Submit("e-lost", TinySpec, pool);
        var claim = pool.ExpectMsg<ClaimSlots>();
        Assert.Equal(("e-lost/1", 1, 2), (claim.Claim, claim.Min, claim.Max));
        pool.Reply(new SlotsGranted(claim.Claim, [new GrantedSlots("node-a", 1, hostA.Ref), new GrantedSlots("node-b", 1, hostB.Ref)]));
        var (start0, start1) = (hostA.ExpectMsg<StartRank>(), hostB.ExpectMsg<StartRank>());
        Assert.Equal((0, 1, 2, 2, ExperimentWorld.Corpus), (start0.Rank, start1.Rank, start0.WorldSize, start1.WorldSize, start0.CorpusVersion));
        Assert.Null(start0.ResumeFrom);
        Assert.Equal(start0.Rendezvous, start1.Rendezvous);
        var (rank0, rank1) = (CreateTestProbe(), CreateTestProbe());
        rank0.Send(entity, new RankStarted("e-lost", 1, 0, 0));
        rank1.Send(entity, new RankStarted("e-lost", 1, 1, 0));
        await world.Registry.RecordCheckpointAsync(new CheckpointRecord("experiments/e-lost/checkpoints/step-00000010.ckpt", "e-lost", 10, "ab", 1), CancellationToken.None);

        // Rank 1 goes away without a word (its node died); rank 0 is told to stop, then fails on its lost peer.
        Sys.Stop(rank1.Ref);
        Assert.Equal(1, rank0.ExpectMsg<StopRank>().Attempt);
        hostA.ExpectMsg<StopRank>();
        rank0.Send(entity, new RankFailed("e-lost", 1, 0, "collective failed: a peer was lost (Connection closed by peer)", RankFailureKind.Transient));
        ReplyReleased(pool, "e-lost/1");
        var again = Fish<ClaimSlots>(pool);
        Assert.Equal("e-lost/2", again.Claim);
        pool.Reply(new SlotsGranted(again.Claim, [new GrantedSlots("node-a", 1, hostA.Ref)]));
        var resumed = hostA.ExpectMsg<StartRank>();
        Assert.Equal((2, 0, 1, 10L), (resumed.Attempt, resumed.Rank, resumed.WorldSize, resumed.ResumeFrom?.Step ?? -1));

        var rank = CreateTestProbe();
        rank.Send(entity, new RankStarted("e-lost", 2, 0, 10));
        rank.Send(entity, new RankEvaluating("e-lost", 2, 20));
        AwaitAssert(() => Assert.Equal(ExperimentStatus.Evaluating, Details(entity, "e-lost").Status));
        rank.Send(entity, new RankCompleted("e-lost", 2, 0, 20));
        ReplyReleased(pool, "e-lost/2");

        AwaitAssert(() => Assert.Equal(ExperimentStatus.Succeeded, Details(entity, "e-lost").Status));
        var attempts = Details(entity, "e-lost").Attempts;
        Assert.Equal([(1, 2, 0L, "rank 1 stopped without reporting"), (2, 1, 10L, "completed")], attempts.Select(a => (a.Number, a.WorldSize, a.StartStep, a.EndReason)));
        await AwaitRegistryAsync("e-lost", ExperimentStatus.Succeeded, ["rank 1 stopped without reporting", "completed"]);
    }

    [Fact]
    public async Task Cancel_ends_the_running_attempt_as_cancelled_and_frees_its_slots()
    {
        var (pool, host) = (CreateTestProbe(), CreateTestProbe());
        var entity = Submit("e-cancel", TinySpec, pool);
        pool.Reply(new SlotsGranted(pool.ExpectMsg<ClaimSlots>().Claim, [new GrantedSlots("node-a", 1, host.Ref)]));
        host.ExpectMsg<StartRank>();
        var rank = CreateTestProbe();
        rank.Send(entity, new RankStarted("e-cancel", 1, 0, 0));

        entity.Tell(new CancelExperiment("e-cancel"));
        Assert.Equal(ExperimentStatus.Cancelled, ExpectMsg<CancelAccepted>().Status);
        rank.ExpectMsg<StopRank>();
        rank.Send(entity, new RankFailed("e-cancel", 1, 0, "cancelled", RankFailureKind.Stopped));
        ReplyReleased(pool, "e-cancel/1");

        AwaitAssert(() => Assert.Equal("cancelled", Details(entity, "e-cancel").Attempts.Single().EndReason));
        entity.Tell(new CancelExperiment("e-cancel"));
        ExpectMsg<CancelAccepted>();
        await AwaitRegistryAsync("e-cancel", ExperimentStatus.Cancelled, ["cancelled"]);
        pool.ExpectNoMsg(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void An_entity_that_restarts_ends_the_attempt_it_had_open_and_starts_a_new_one()
    {
        var (pool, host) = (CreateTestProbe(), CreateTestProbe());
        var entity = Submit("e-moved", TinySpec, pool);
        pool.Reply(new SlotsGranted(pool.ExpectMsg<ClaimSlots>().Claim, [new GrantedSlots("node-a", 1, host.Ref)]));
        host.ExpectMsg<StartRank>();
        Watch(entity);
        Sys.Stop(entity);
        ExpectTerminated(entity);

        var again = Sys.ActorOf(ExperimentEntity.PropsFor("e-moved", world.Environment, () => pool.Ref));
        ReplyReleased(pool, "e-moved/1");
        Assert.Equal("e-moved/2", Fish<ClaimSlots>(pool).Claim);
        var attempt = Details(again, "e-moved").Attempts.Single();
        Assert.StartsWith("interrupted", attempt.EndReason, StringComparison.Ordinal);
        Assert.Equal(ExperimentStatus.Training, Details(again, "e-moved").Status);
    }

    [Fact]
    public async Task A_permanent_failure_fails_the_experiment_without_another_attempt()
    {
        var (pool, host) = (CreateTestProbe(), CreateTestProbe());
        var entity = Submit("e-bad", TinySpec, pool);
        pool.Reply(new SlotsGranted(pool.ExpectMsg<ClaimSlots>().Claim, [new GrantedSlots("node-a", 1, host.Ref)]));
        host.ExpectMsg<StartRank>();
        CreateTestProbe().Send(entity, new RankFailed("e-bad", 1, 0, "error: CheckpointException: sizes differ", RankFailureKind.Permanent));

        ReplyReleased(pool, "e-bad/1");
        AwaitAssert(() => Assert.Equal(ExperimentStatus.Failed, Details(entity, "e-bad").Status));
        Assert.Contains("sizes differ", Details(entity, "e-bad").Error, StringComparison.Ordinal);
        pool.ExpectNoMsg(TimeSpan.FromSeconds(1));
        await AwaitRegistryAsync("e-bad", ExperimentStatus.Failed, ["error: CheckpointException: sizes differ"]);
    }

    [Fact]
    public async Task An_experiment_waits_for_its_corpus_version_and_starts_once_it_is_complete()
    {
        var pool = CreateTestProbe();
        var entity = Submit("e-wait", "steps = 20\nmodel.preset = tiny\ncorpus = v-later", pool);
        AwaitAssert(() => Assert.Equal(ExperimentStatus.WaitingForCorpus, Details(entity, "e-wait").Status));
        Assert.Contains("v-later", Details(entity, "e-wait").Waiting, StringComparison.Ordinal);
        pool.ExpectNoMsg(TimeSpan.FromMilliseconds(500));

        await world.AddCorpusAsync("v-later");
        Assert.Equal("e-wait/1", pool.ExpectMsg<ClaimSlots>(TimeSpan.FromSeconds(30)).Claim);
        Assert.Equal("v-later", Details(entity, "e-wait").CorpusVersion);
    }

    [Fact]
    public void A_corpus_whose_clips_the_model_cannot_take_fails_the_experiment_naming_both_lengths()
    {
        var pool = CreateTestProbe();
        var entity = Submit("e-frames", "steps = 20\nmodel.preset = small\ncorpus = " + ExperimentWorld.Corpus, pool);

        AwaitAssert(() => Assert.Equal(ExperimentStatus.Failed, Details(entity, "e-frames").Status), TimeSpan.FromSeconds(30));
        var error = Details(entity, "e-frames").Error!;
        Assert.Contains("4 frames", error, StringComparison.Ordinal);
        Assert.Contains("16", error, StringComparison.Ordinal);
        pool.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public void An_unknown_experiment_answers_that_it_is_unknown()
    {
        var entity = Sys.ActorOf(ExperimentEntity.PropsFor("e-none", world.Environment, () => CreateTestProbe().Ref));
        entity.Tell(new GetExperiment("e-none"));
        ExpectMsg<ExperimentUnknown>();
        entity.Tell(new CancelExperiment("e-none"));
        ExpectMsg<ExperimentUnknown>();
    }

    private IActorRef Submit(string id, string spec, TestProbe pool)
    {
        var entity = Sys.ActorOf(ExperimentEntity.PropsFor(id, world.Environment, () => pool.Ref));
        entity.Tell(new SubmitExperiment(id, ExperimentWorld.Spec(spec), DateTimeOffset.UtcNow));
        Assert.Equal(id, ExpectMsg<ExperimentAccepted>().Id);
        return entity;
    }

    private ExperimentDetails Details(IActorRef entity, string id) => entity.Ask<ExperimentDetails>(new GetExperiment(id), TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();

    /// <summary>Acknowledges the release of <paramref name="claim"/> (the entity repeats it until acknowledged).</summary>
    private static void ReplyReleased(TestProbe pool, string claim)
    {
        var release = Fish<ReleaseSlots>(pool);
        Assert.Equal(claim, release.Claim);
        pool.Reply(new SlotsReleased(claim));
    }

    /// <summary>The next message of type <typeparamref name="T"/>, skipping repeated releases and claims of other types.</summary>
    private static T Fish<T>(TestProbe probe) => (T)probe.FishForMessage(m => m is T, TimeSpan.FromSeconds(30));

    private async Task AwaitRegistryAsync(string id, string status, IReadOnlyList<string> reasons) =>
        await AwaitAssertAsync(async () =>
        {
            Assert.Equal(status, (await world.Registry.ExperimentAsync(id, CancellationToken.None))?.Status);
            Assert.Equal(reasons, (await world.Registry.AttemptsAsync(id, CancellationToken.None)).Select(a => a.ReasonEnded));
        }, TimeSpan.FromSeconds(30));
}
