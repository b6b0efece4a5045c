using PoseCluster.Datasets.Sources;

namespace PoseCluster.Datasets.Tests.Sources;

public sealed class DatasetDetectionTests
{
    [Theory]
    [InlineData("h36m", DatasetKind.H36M)]
    [InlineData("3dhp", DatasetKind.Mpi3dhp)]
    [InlineData("aistpp", DatasetKind.AistPlusPlus)]
    [InlineData("mads", DatasetKind.Mads)]
    public void Each_layout_is_detected_as_its_kind_and_only_that(string folder, DatasetKind kind) =>
        Assert.Equal([kind], DatasetLoaders.Detect(SyntheticFixtures.Folder(folder)));

    [Fact]
    public void A_folder_of_datasets_or_a_missing_folder_is_no_known_layout()
    {
        Assert.Empty(DatasetLoaders.Detect(Path.Combine(SyntheticFixtures.RepositoryRoot, "tests", "fixtures", "datasets")));
        Assert.Empty(DatasetLoaders.Detect(Path.Combine(SyntheticFixtures.RepositoryRoot, "no-such-folder")));
    }

    [Fact]
    public void Create_gives_a_loader_of_each_kind()
    {
        foreach (var (kind, _, _) in DatasetKinds.All)
        {
            Assert.Equal(kind, DatasetLoaders.Create(kind).Kind);
        }
    }
}
