using System.Collections.Concurrent;
using PoseCluster.Datasets.Ingestion;

namespace PoseCluster.Storage.Tests.Pipeline;

/// <summary>Reads raw files from disk and records every read: whole-file reads per path and the bytes of header reads.</summary>
internal sealed class RecordingRawFileReader : IRawFileReader
{
    public ConcurrentDictionary<string, int> WholeReads { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, int> HeaderReads { get; } = new(StringComparer.Ordinal);

    public long HeaderBytes => Interlocked.Read(ref _headerBytes);

    private long _headerBytes;

    public (long Bytes, long ModifiedTicks) Stat(string path) => DiskRawFileReader.Instance.Stat(path);

    public byte[] ReadAll(string path)
    {
        WholeReads.AddOrUpdate(path, 1, (_, n) => n + 1);
        return DiskRawFileReader.Instance.ReadAll(path);
    }

    public (byte[] Bytes, string Sha256) ReadAndHash(string path)
    {
        WholeReads.AddOrUpdate(path, 1, (_, n) => n + 1);
        return DiskRawFileReader.Instance.ReadAndHash(path);
    }

    public byte[] ReadHeaders(string path, int head, int tail)
    {
        HeaderReads.AddOrUpdate(path, 1, (_, n) => n + 1);
        var bytes = DiskRawFileReader.Instance.ReadHeaders(path, head, tail);
        Interlocked.Add(ref _headerBytes, bytes.Length);
        return bytes;
    }
}
