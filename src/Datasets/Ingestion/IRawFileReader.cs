namespace PoseCluster.Datasets.Ingestion;

/// <summary>
/// How raw dataset files are read for ingestion: whole (once per unit, by stage 1) or their headers
/// only (by the cheap fingerprint). One seam, so a test can prove that no raw file is read twice.
/// </summary>
public interface IRawFileReader
{
    /// <summary>Size in bytes and last write time (UTC ticks) of a file, without reading it.</summary>
    /// <exception cref="DatasetFormatException">The file cannot be inspected.</exception>
    (long Bytes, long ModifiedTicks) Stat(string path);

    /// <summary>Every byte of the file.</summary>
    /// <exception cref="DatasetFormatException">The file cannot be read or is larger than one array holds.</exception>
    byte[] ReadAll(string path);

    /// <summary>Every byte of the file and its SHA-256 (lower-case hex), hashed while it is read.</summary>
    /// <exception cref="DatasetFormatException">The file cannot be read or is larger than one array holds.</exception>
    (byte[] Bytes, string Sha256) ReadAndHash(string path);

    /// <summary>The first <paramref name="head"/> and the last <paramref name="tail"/> bytes (fewer when the file is shorter; the two never overlap).</summary>
    /// <exception cref="DatasetFormatException">The file cannot be read.</exception>
    byte[] ReadHeaders(string path, int head, int tail);
}
