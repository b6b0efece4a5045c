using PoseCluster.Datasets.Ingestion;

namespace PoseCluster.Datasets.Sources;

/// <summary>
/// The bytes of one unit's files, read once before the unit is parsed; loaders parse from here and
/// never open a unit's file themselves, so nothing is read twice.
/// </summary>
public sealed class UnitFiles
{
    private readonly IReadOnlyDictionary<string, ReadOnlyMemory<byte>> _bytes;

    /// <summary>Files of <paramref name="directory"/> by relative path, with their SHA-256 when known.</summary>
    public UnitFiles(string directory, IReadOnlyDictionary<string, ReadOnlyMemory<byte>> bytes, IReadOnlyList<FileHash>? hashes = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(bytes);
        Directory = directory;
        _bytes = bytes;
        Hashes = hashes ?? [];
    }

    /// <summary>The files' sizes and SHA-256 in the unit's order (empty when they were not hashed).</summary>
    public IReadOnlyList<FileHash> Hashes { get; }

    /// <summary>Reads every file of <paramref name="unit"/> whole through <paramref name="reader"/>, once each, hashing it as it is read.</summary>
    /// <exception cref="DatasetFormatException">A file cannot be read.</exception>
    public static UnitFiles Read(string directory, SourceUnit unit, IRawFileReader reader)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(reader);
        var bytes = new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
        var hashes = new List<FileHash>();
        foreach (var file in unit.Files)
        {
            var (content, sha256) = reader.ReadAndHash(SourcePaths.Full(directory, file));
            bytes[file] = content;
            hashes.Add(new FileHash(file, content.Length, sha256));
        }

        return new UnitFiles(directory, bytes, hashes);
    }

    /// <summary>The dataset folder.</summary>
    public string Directory { get; }

    /// <summary>True when the unit includes <paramref name="relativePath"/>.</summary>
    public bool Contains(string relativePath) => _bytes.ContainsKey(relativePath);

    /// <summary>The bytes of one of the unit's files.</summary>
    /// <exception cref="ArgumentException">The file is not part of the unit (a loader bug).</exception>
    public ReadOnlyMemory<byte> Bytes(string relativePath) =>
        _bytes.TryGetValue(relativePath, out var bytes) ? bytes : throw new ArgumentException($"{relativePath} is not a file of this unit", nameof(relativePath));

    /// <summary>The absolute path of a relative one (for messages).</summary>
    public string FullPath(string relativePath) => SourcePaths.Full(Directory, relativePath);
}
