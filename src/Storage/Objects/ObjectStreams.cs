namespace PoseCluster.Storage.Objects;

/// <summary>Helpers for streams that object stores hand out.</summary>
internal static class ObjectStreams
{
    /// <summary>The number of bytes left in <paramref name="stream"/> when it is known (seekable, or a store download).</summary>
    public static long? KnownLength(Stream stream) => stream switch
    {
        DownloadStream download => download.ContentLength,
        { CanSeek: true } => stream.Length - stream.Position,
        _ => null,
    };
}
