using System.Text;

namespace PoseCluster.Models.Distributed;

/// <summary>
/// The standalone rendezvous store: one file per key in a folder every rank can see (a temp folder on one
/// machine, a shared mount across machines). Values are written to a temporary file and renamed, so a
/// reader never sees half a value. Key names are hex-encoded into file names. Use a fresh folder per attempt.
/// </summary>
public sealed class FileRendezvousStore : IRendezvousStore
{
    private readonly string folder;

    /// <summary>Uses (and creates) <paramref name="folder"/>.</summary>
    public FileRendezvousStore(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        this.folder = Path.GetFullPath(folder);
        Directory.CreateDirectory(this.folder);
    }

    /// <summary>The folder holding the keys.</summary>
    public string Folder => folder;

    /// <inheritdoc/>
    public async Task SetAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllBytesAsync(temporary, value.ToArray(), cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }

    /// <inheritdoc/>
    public Task<byte[]> GetAsync(string key, CancellationToken cancellationToken) =>
        File.ReadAllBytesAsync(PathOf(key), cancellationToken);

    /// <inheritdoc/>
    public Task<bool> CheckAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return Task.FromResult(keys.All(k => File.Exists(PathOf(k))));
    }

    private string PathOf(string key) => Path.Combine(folder, Convert.ToHexStringLower(Encoding.UTF8.GetBytes(key)));
}
