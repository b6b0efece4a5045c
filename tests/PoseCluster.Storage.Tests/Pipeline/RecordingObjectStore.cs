using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using PoseCluster.Storage.Objects;

namespace PoseCluster.Storage.Tests.Pipeline;

/// <summary>A folder store that records every key read and written.</summary>
internal sealed class RecordingObjectStore(string folder) : IObjectStore
{
    private readonly IObjectStore _inner = ObjectStores.Folder(folder);

    public ConcurrentQueue<string> Gets { get; } = new();

    public ConcurrentQueue<string> Puts { get; } = new();

    public string Location => _inner.Location;

    public Task PutAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        Puts.Enqueue(key);
        return _inner.PutAsync(key, content, cancellationToken);
    }

    public Task<Stream> GetAsync(string key, CancellationToken cancellationToken)
    {
        Gets.Enqueue(key);
        return _inner.GetAsync(key, cancellationToken);
    }

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) => _inner.ExistsAsync(key, cancellationToken);

    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var info in _inner.ListAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            yield return info;
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken) => _inner.DeleteAsync(key, cancellationToken);

    public void Clear()
    {
        Gets.Clear();
        Puts.Clear();
    }
}
