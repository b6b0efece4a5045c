using PoseCluster.Datasets.Sources;

namespace PoseCluster.Datasets.Ingestion;

/// <summary>
/// A dataset folder as the cheap scan found it: its layout (units in load order), the fingerprint of
/// every file the loader reads, with the SHA-256 carried over from the previous scan where the cheap
/// fingerprint did not change, and the folder's cheap fingerprint.
/// </summary>
/// <param name="Source">The dataset.</param>
/// <param name="Layout">Its units.</param>
/// <param name="Files">Every file the loader reads, ordinal path order.</param>
/// <param name="CheapFingerprint">Lower-case hex SHA-256 over every file's path, size, time and header hash.</param>
public sealed record DatasetScan(DatasetSource Source, DatasetLayout Layout, IReadOnlyList<FileFingerprint> Files, string CheapFingerprint)
{
    private Dictionary<string, FileFingerprint>? _byPath;

    /// <summary>The files whose SHA-256 is not known yet (new, or changed since the previous scan).</summary>
    public IReadOnlyList<string> ChangedFiles => [.. Files.Where(f => f.Sha256 is null).Select(f => f.Path)];

    /// <summary>The unit's content hash when every one of its files is unchanged since the previous scan, else null (the unit must be read).</summary>
    public string? KnownContentHash(SourceUnit unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var hashes = new Dictionary<string, FileHash>(StringComparer.Ordinal);
        foreach (var path in unit.Files)
        {
            _byPath ??= Files.ToDictionary(f => f.Path, StringComparer.Ordinal);
            if (!_byPath.TryGetValue(path, out var file) || file.Sha256 is not { } sha)
            {
                return null;
            }

            hashes[path] = new FileHash(path, file.Bytes, sha);
        }

        return ContentHashes.Unit(unit, hashes);
    }

    /// <summary>
    /// The dataset's fingerprint once stage 1 has read the changed files: <paramref name="read"/> gives
    /// their SHA-256. A file that could not be read keeps a hash of its cheap fingerprint instead (marked
    /// "unread:"), so an unreadable dataset still has a stable identity.
    /// </summary>
    public DatasetFingerprint Complete(IEnumerable<FileHash> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var known = new Dictionary<string, FileHash>(StringComparer.Ordinal);
        foreach (var file in read)
        {
            known[file.Path] = file;
        }

        var files = Files.Select(f => f.Sha256 is null && known.TryGetValue(f.Path, out var hash) ? f with { Sha256 = hash.Sha256 } : f).ToList();
        var hashes = files.Select(f => new FileHash(f.Path, f.Bytes, f.Sha256 ?? "unread:" + f.HeaderHash));
        return new DatasetFingerprint(Source, files, CheapFingerprint, ContentHashes.Dataset(Source.Kind, hashes));
    }
}
