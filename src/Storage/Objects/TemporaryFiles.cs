namespace PoseCluster.Storage.Objects;

/// <summary>Files under TMPDIR that are deleted when closed: downloads, staged objects, spooled streams.</summary>
internal static class TemporaryFiles
{
    public const int BufferSize = 1 << 20;

    /// <summary>A new empty file, read-write (others may read it), deleted when the stream is closed.</summary>
    public static FileStream Create(string purpose) => new(
        Path.Combine(Path.GetTempPath(), $"posecluster-{purpose}-{Guid.NewGuid():N}"),
        FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete, BufferSize, FileOptions.DeleteOnClose | FileOptions.Asynchronous);

    /// <summary>What is left of <paramref name="source"/> (taken over and disposed) in a temporary file, positioned at its start.</summary>
    public static async Task<FileStream> SpoolAsync(Stream source, string purpose, CancellationToken cancellationToken)
    {
        await using (source.ConfigureAwait(false))
        {
            var file = Create(purpose);
            try
            {
                await source.CopyToAsync(file, BufferSize, cancellationToken).ConfigureAwait(false);
                file.Position = 0;
                return file;
            }
            catch
            {
                await file.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }
}
