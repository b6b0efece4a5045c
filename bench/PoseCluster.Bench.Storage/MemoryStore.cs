using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using PoseCluster.Storage.Objects;

namespace PoseCluster.Bench.Storage;

/// <summary>A store that keeps what is put into it in memory: the shard bytes the plain-write peer writes.</summary>
internal sealed class MemoryStore : IObjectStore
{
    private readonly ConcurrentDictionary<string, byte[]> objects = new(StringComparer.Ordinal);

    public string Location => "(memory)";

    public IReadOnlyDictionary<string, byte[]> Objects => objects;

    public async Task PutAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy, cancellationToken);
        objects[key] = copy.ToArray();
    }

    public Task<Stream> GetAsync(string key, CancellationToken cancellationToken) =>
        objects.TryGetValue(key, out var bytes) ? Task.FromResult<Stream>(new MemoryStream(bytes, writable: false)) : throw new ObjectNotFoundException(Location, key);

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) => Task.FromResult(objects.ContainsKey(key));

    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        foreach (var (key, bytes) in objects.Where(o => o.Key.StartsWith(prefix, StringComparison.Ordinal)).OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            yield return new ObjectInfo(key, bytes.Length);
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        objects.TryRemove(key, out _);
        return Task.CompletedTask;
    }
}
