using PoseCluster.Datasets.Ingestion;
using PoseCluster.Datasets.Sources;
using PoseCluster.Datasets.Tests.Sources;

namespace PoseCluster.Datasets.Tests.Pipeline;

public sealed class DatasetScannerTests : IDisposable
{
    private readonly string _folder = SyntheticFixtures.CopyToTemp("mads");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void An_unchanged_file_keeps_its_hash_and_a_changed_or_touched_one_must_be_read_again()
    {
        var source = DatasetSource.Create("mads", DatasetKind.Mads, _folder);
        var loader = DatasetLoaders.Create(DatasetKind.Mads);
        var first = DatasetScanner.Scan(source, loader, null, DiskRawFileReader.Instance, CancellationToken.None);
        Assert.All(first.Files, f => Assert.Null(f.Sha256));
        Assert.All(first.Layout.Units, u => Assert.Null(first.KnownContentHash(u)));
        Assert.DoesNotContain(first.Files, f => f.Path.Contains("Calib_Cam", StringComparison.Ordinal));

        var hashed = first.Files.Select(f => f with { Sha256 = ContentHashes.Sha256(File.ReadAllBytes(Path.Combine(_folder, f.Path))) }).ToList();
        var second = DatasetScanner.Scan(source, loader, hashed, DiskRawFileReader.Instance, CancellationToken.None);
        Assert.Empty(second.ChangedFiles);
        Assert.Equal(first.CheapFingerprint, second.CheapFingerprint);
        Assert.All(second.Layout.Units, u => Assert.NotNull(second.KnownContentHash(u)));

        var touched = Path.Combine(_folder, hashed[0].Path);
        File.SetLastWriteTimeUtc(touched, DateTime.UtcNow.AddHours(1));
        var third = DatasetScanner.Scan(source, loader, hashed, DiskRawFileReader.Instance, CancellationToken.None);
        Assert.Equal([hashed[0].Path], third.ChangedFiles);
        Assert.NotEqual(first.CheapFingerprint, third.CheapFingerprint);

        // The same bytes under a new time hash the same: the dataset's content hash does not change.
        var before = second.Complete([]);
        var after = third.Complete([new FileHash(hashed[0].Path, hashed[0].Bytes, hashed[0].Sha256!)]);
        Assert.Equal(before.ContentHash, after.ContentHash);
        Assert.NotEqual(before.ContentHash, third.Complete([new FileHash(hashed[0].Path, hashed[0].Bytes, "other")]).ContentHash);
    }
}
