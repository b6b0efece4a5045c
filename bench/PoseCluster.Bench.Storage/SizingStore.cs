using System.Runtime.CompilerServices;
using PoseCluster.Storage.Objects;

namespace PoseCluster.Bench.Storage;

/// <summary>A store that only counts what is put into it (to learn shard sizes without touching the disk).</summary>
internal sealed class SizingStore : IObjectStore
{
    public string Location => "(sizing)";

    public async Task PutAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 20];
        while (await content.ReadAsync(buffer, cancellationToken) > 0)
        {
        }
    }

    public Task<Stream> GetAsync(string key, CancellationToken cancellationToken) => throw new ObjectNotFoundException(Location, key);

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) => Task.FromResult(false);

    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        yield break;
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken) => Task.CompletedTask;
}
