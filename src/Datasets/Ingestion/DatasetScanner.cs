using System.Globalization;
using System.Text;
using PoseCluster.Datasets.Sources;

namespace PoseCluster.Datasets.Ingestion;

/// <summary>
/// The cheap scan of a dataset folder (ARCHITECTURE §4, issue 13): the loader's layout, then per file
/// the size, last write time and a hash of its first and last 4 KiB. A file whose cheap fingerprint
/// equals the previous scan's keeps the previous SHA-256; only the others are hashed in full — by
/// stage 1, while it reads them anyway, so no file is read twice.
/// </summary>
public static class DatasetScanner
{
    /// <summary>Bytes hashed at the start of each file.</summary>
    public const int HeadBytes = 4096;

    /// <summary>Bytes hashed at the end of each file.</summary>
    public const int TailBytes = 4096;

    /// <summary>Scans <paramref name="source"/>; <paramref name="previous"/> are the file fingerprints of the last scan of the same folder (or none).</summary>
    /// <exception cref="DatasetFormatException">The folder is not a dataset of the source's kind, or a file cannot be inspected.</exception>
    public static Task<DatasetScan> ScanAsync(
        DatasetSource source, IDatasetLoader loader, IReadOnlyList<FileFingerprint>? previous, IRawFileReader reader, CancellationToken cancellationToken) =>
        Task.Run(() => Scan(source, loader, previous, reader, cancellationToken), cancellationToken);

    /// <summary>The synchronous form of <see cref="ScanAsync"/>.</summary>
    public static DatasetScan Scan(
        DatasetSource source, IDatasetLoader loader, IReadOnlyList<FileFingerprint>? previous, IRawFileReader reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(loader);
        ArgumentNullException.ThrowIfNull(reader);
        if (loader.Kind != source.Kind)
        {
            throw new ArgumentException($"a {loader.Kind} loader cannot scan the {source.Kind} dataset {source.Name}", nameof(loader));
        }

        var layout = loader.Layout(source.Directory, reader);
        var before = (previous ?? []).ToDictionary(f => f.Path, StringComparer.Ordinal);
        var files = new List<FileFingerprint>();
        var cheap = new StringBuilder("posecluster-scan 1\n");
        foreach (var path in layout.Files())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var full = layout.FullPath(path);
            var (bytes, modified) = reader.Stat(full);
            var header = ContentHashes.Sha256(reader.ReadHeaders(full, HeadBytes, TailBytes));
            var fingerprint = new FileFingerprint(path, bytes, modified, header, layout.ListFiles.GetValueOrDefault(path));
            if (fingerprint.Sha256 is null && before.TryGetValue(path, out var old) && old.Sha256 is not null && fingerprint.CheaplyEquals(old))
            {
                fingerprint = fingerprint with { Sha256 = old.Sha256 };
            }

            files.Add(fingerprint);
            cheap.Append(string.Create(CultureInfo.InvariantCulture, $"{path} {bytes} {modified} {header}\n"));
        }

        return new DatasetScan(source, layout, files, ContentHashes.Sha256(cheap.ToString()));
    }
}
