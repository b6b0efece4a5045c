using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PoseCluster.Datasets.Sources;

namespace PoseCluster.Datasets.Ingestion;

/// <summary>
/// The content hashes of units and datasets (docs/AUGMOTION.md, "Cache keys"): lower-case hex SHA-256
/// of a small canonical text naming each file by relative path, size and SHA-256. They depend on the
/// bytes and the paths only (paths name sequences), never on where or when the files were read.
/// </summary>
public static class ContentHashes
{
    /// <summary>
    /// A unit's content hash: SHA-256 of <c>posecluster-unit 1\nunit=ID\n</c> followed by
    /// <c>file=PATH BYTES SHA256\n</c> for each of the unit's files in the unit's order.
    /// </summary>
    /// <exception cref="ArgumentException">A file of the unit has no hash.</exception>
    public static string Unit(SourceUnit unit, IReadOnlyDictionary<string, FileHash> files)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(files);
        var text = new StringBuilder("posecluster-unit 1\n").Append("unit=").Append(unit.Id).Append('\n');
        foreach (var path in unit.Files)
        {
            var file = files.TryGetValue(path, out var hash) ? hash : throw new ArgumentException($"no content hash for {path} of unit {unit.Id}", nameof(files));
            Line(text, file);
        }

        return Sha256(text.ToString());
    }

    /// <summary>
    /// A dataset's content hash: SHA-256 of <c>posecluster-dataset 1\nkind=KIND\n</c> followed by
    /// <c>file=PATH BYTES SHA256\n</c> for every file the loader reads, in ordinal path order.
    /// The dataset's name is not part of it: the same bytes have the same hash under any name.
    /// </summary>
    public static string Dataset(DatasetKind kind, IEnumerable<FileHash> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var text = new StringBuilder("posecluster-dataset 1\n").Append("kind=").Append(DatasetKinds.NameOf(kind)).Append('\n');
        foreach (var file in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            Line(text, file);
        }

        return Sha256(text.ToString());
    }

    /// <summary>Lower-case hex SHA-256 of the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>Lower-case hex SHA-256 of <paramref name="bytes"/>.</summary>
    public static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static void Line(StringBuilder text, FileHash file) =>
        text.Append("file=").Append(file.Path).Append(' ').Append(file.Bytes.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(file.Sha256).Append('\n');
}
