using PoseCluster.Datasets.Ingestion;
using PoseCluster.Storage.Objects;

namespace PoseCluster.Storage.Tests.Pipeline;

/// <summary>Rejected sequences are named by dataset, subject and sequence (also when their file cannot be read at all).</summary>
public sealed class RejectionTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTemporaryFolder();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Rejections_name_the_dataset_subject_and_sequence_with_a_reason_naming_the_file()
    {
        var datasets = Path.Combine(_dir, "datasets");
        var aistpp = PipelineFixtures.Copy("aistpp", datasets);
        var mpi = PipelineFixtures.Copy("3dhp", datasets);
        var pkl = Directory.GetFiles(Path.Combine(aistpp, "keypoints3d"), "*.pkl").Order(StringComparer.Ordinal).First();
        await File.WriteAllTextAsync(pkl, "not a pickle");
        File.Delete(Path.Combine(mpi, "S1", "Seq2", "annot.mat"));
        var sources = new[]
        {
            DatasetSource.Create("aistpp", Datasets.DatasetKind.AistPlusPlus, aistpp),
            DatasetSource.Create("3dhp", Datasets.DatasetKind.Mpi3dhp, mpi),
            PipelineFixtures.Source("mads"),
        };

        var report = await PipelineFixtures.BuildAsync(ObjectStores.Folder(Path.Combine(_dir, "objects")), sources);
        var rejected = report.Corpus.Rejected;

        var name = Path.GetFileNameWithoutExtension(pkl);
        var garbage = Assert.Single(rejected, r => r.Action == name);
        Assert.Equal(("aistpp", name.Split('_')[3]), (garbage.Dataset, garbage.Subject));
        Assert.Contains($"keypoints3d/{name}.pkl", garbage.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(_dir, garbage.Reason, StringComparison.Ordinal);

        var missing = Assert.Single(rejected, r => r.Dataset == "3dhp");
        Assert.Equal(("S1", "Seq2"), (missing.Subject, missing.Action));
        Assert.Contains("annot.mat", missing.Reason, StringComparison.Ordinal);

        var ignored = Assert.Single(rejected, r => r.Reason.Contains("ignore_list.txt", StringComparison.Ordinal));
        Assert.Equal("aistpp", ignored.Dataset);
        Assert.NotEmpty(ignored.Subject);
        var fifteen = Assert.Single(rejected, r => r.Dataset == "mads");
        Assert.Equal(("Taichi", "Taichi_S2"), (fifteen.Subject, fifteen.Action));
        Assert.All(rejected, r => Assert.False(string.IsNullOrEmpty(r.Action)));
        Assert.Equal(rejected.Count, rejected.Select(r => (r.Dataset, r.Subject, r.Action, r.Camera)).Distinct().Count());
    }
}
