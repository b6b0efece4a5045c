using Akka.Actor;
using PoseCluster.Actors.Experiments;
using PoseCluster.Actors.Ingestion;
using PoseCluster.Actors.Submission;
using PoseCluster.Actors.Tests.Support;
using PoseCluster.Configuration;
using PoseCluster.Datasets;
using PoseCluster.Datasets.Sources;
using PoseCluster.Testing;
using Xunit.Abstractions;

namespace PoseCluster.Actors.Tests.Submission;

/// <summary>
/// Job submission, datasets and experiments: each bad field named, an id per accepted request, the command sent
/// to the right region until acknowledged, a failure after the attempts.
/// </summary>
public sealed class JobSubmissionSpecs(ITestOutputHelper output) : ActorSpec(output)
{
    private static readonly Config Node = new ConfigBuilder(_ => null).AddFile(RepositoryRoot.ReferenceConf()).Build();

    private IActorRef Submission(IActorRef datasets, int attempts = 3, IActorRef? experiments = null) =>
        Sys.ActorOf(JobSubmission.Props(experiments ?? CreateTestProbe().Ref, datasets, Node, DatasetLoaderOptions.Default, TimeSpan.FromMilliseconds(500), attempts));

    [Fact]
    public void A_request_with_bad_fields_is_rejected_naming_each_field_and_nothing_is_sent()
    {
        var datasets = CreateTestProbe();
        var submission = Submission(datasets);
        submission.Tell(new SubmitDataset("two words", "kinect", "relative/path"));
        var rejected = ExpectMsg<SubmissionRejected>();
        Assert.Equal(["kind", "name", "path"], rejected.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("unknown kind 'kinect' (known: h36m, 3dhp, aistpp, mads)", rejected.Errors["kind"], StringComparison.Ordinal);
        Assert.Contains("must be an absolute path", rejected.Errors["path"], StringComparison.Ordinal);

        submission.Tell(new SubmitDataset(null, null, null));
        Assert.All(ExpectMsg<SubmissionRejected>().Errors.Values, e => Assert.StartsWith("required", e, StringComparison.Ordinal));

        // A folder that is not a dataset of the kind, one that does not exist, and a remote URI.
        submission.Tell(new SubmitDataset("mads", "mads", PipelineFixture.DatasetPath("h36m")));
        Assert.Contains("is not a mads dataset (expected multi_view_data/*/*_GT.mat)", ExpectMsg<SubmissionRejected>().Errors["path"], StringComparison.Ordinal);
        submission.Tell(new SubmitDataset("x", "h36m", "/nonexistent/posecluster"));
        Assert.Contains("/nonexistent/posecluster: no such folder", ExpectMsg<SubmissionRejected>().Errors["path"], StringComparison.Ordinal);
        submission.Tell(new SubmitDataset("x", "h36m", "s3://bucket/h36m"));
        Assert.Contains("only local folders", ExpectMsg<SubmissionRejected>().Errors["path"], StringComparison.Ordinal);
        datasets.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void An_accepted_request_gets_a_job_id_and_is_sent_again_until_the_dataset_acknowledges_it()
    {
        var datasets = CreateTestProbe();
        var submission = Submission(datasets);
        var path = new Uri(PipelineFixture.DatasetPath("mads")).AbsoluteUri;
        submission.Tell(new SubmitDataset("mads-copy", "MADS", path));
        var first = datasets.ExpectMsg<AddDataset>();
        Assert.Equal(("mads-copy", DatasetKind.Mads, PipelineFixture.DatasetPath("mads")), (first.EntityId, first.Kind, first.Directory));
        Assert.Matches("^j-[0-9]{8}-[0-9a-f]{8}$", first.Job);

        // No answer within the ask timeout: the same command (same job id) again.
        var second = datasets.ExpectMsg<AddDataset>(TimeSpan.FromSeconds(5));
        Assert.Equal(first, second);
        datasets.Reply(new DatasetAdded("mads-copy", first.Job, 0));
        Assert.Equal(new DatasetSubmissionAccepted("mads-copy", first.Job), ExpectMsg<DatasetSubmissionAccepted>());
    }

    [Fact]
    public void A_request_never_acknowledged_fails_after_its_attempts_saying_so()
    {
        var datasets = CreateTestProbe();
        Submission(datasets, attempts: 2).Tell(new SubmitDataset("h36m", "h36m", PipelineFixture.DatasetPath("h36m")));
        datasets.ExpectMsg<AddDataset>();
        datasets.ExpectMsg<AddDataset>(TimeSpan.FromSeconds(5));
        Assert.Contains("no acknowledgement after 2 attempts", ExpectMsg<SubmissionFailed>(TimeSpan.FromSeconds(10)).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_experiment_spec_with_bad_fields_is_rejected_by_path_and_a_good_one_reaches_the_experiments_region()
    {
        var datasets = CreateTestProbe();
        var experiments = CreateTestProbe();
        var submission = Submission(datasets, experiments: experiments.Ref);
        submission.Tell(new SubmitExperimentSpec("name = bad\nsteps = 0\nmodel.depthx = 3"));
        var rejected = ExpectMsg<SubmissionRejected>();
        Assert.Equal(["model.depthx", "steps"], rejected.Errors.Keys.Order(StringComparer.Ordinal));
        experiments.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        submission.Tell(new SubmitExperimentSpec("name = tiny\nsteps = 10"));
        var submit = experiments.ExpectMsg<SubmitExperiment>();
        Assert.Matches("^e-[0-9]{8}-[0-9a-f]{8}$", submit.EntityId);
        Assert.Equal(("tiny", 10), (submit.Spec.Name, submit.Spec.Steps));
        experiments.Reply(new ExperimentAccepted(submit.EntityId, "Submitted"));
        Assert.Equal(new SubmissionAccepted(submit.EntityId, "Submitted"), ExpectMsg<SubmissionAccepted>());
        datasets.ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        // A cancel goes to the experiment's entity and its answer comes back as it is.
        submission.Tell(new CancelExperimentRequest(submit.EntityId));
        experiments.ExpectMsg<CancelExperiment>();
        experiments.Reply(new CancelAccepted(submit.EntityId, "Cancelled"));
        Assert.Equal(new CancelAccepted(submit.EntityId, "Cancelled"), ExpectMsg<CancelAccepted>());
    }
}
