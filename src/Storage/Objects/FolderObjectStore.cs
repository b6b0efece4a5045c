using System.Runtime.CompilerServices;

namespace PoseCluster.Storage.Objects;

/// <summary>
/// Objects as files under a root folder (the embedded default). A put writes a temporary file in
/// the target folder, flushes it to disk, then renames it over the key, so a crash never leaves a
/// half-written object under its final name.
/// </summary>
internal sealed class FolderObjectStore : IObjectStore
{
    /// <summary>Name prefix of in-flight temporary files; keys may not use it, listings skip it.</summary>
    internal const string TemporaryPrefix = ".tmp-";

    private const int BufferSize = 1 << 20;
    private readonly string root;

    public FolderObjectStore(string root)
    {
        this.root = Path.GetFullPath(root);
    }

    public string Location => root;

    public async Task PutAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var path = PathOf(key);
        var folder = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $"{TemporaryPrefix}{Guid.NewGuid():N}-{Path.GetFileName(path)}");
        try
        {
            var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                await content.CopyToAsync(file, BufferSize, cancellationToken).ConfigureAwait(false);
                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>
    /// A staged object written straight into a temporary file in the key's folder, so committing it is
    /// a flush to disk and a rename, as in <see cref="PutAsync"/> but without copying the bytes.
    /// </summary>
    internal StagedObject Stage(string key)
    {
        var path = PathOf(key);
        var folder = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $"{TemporaryPrefix}{Guid.NewGuid():N}-{Path.GetFileName(path)}");
        return new FolderStagedObject(key, path, temporary, new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, BufferSize));
    }

    public Task<Stream> GetAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        try
        {
            Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult(stream);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ObjectNotFoundException(Location, key);
        }
    }

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) => Task.FromResult(File.Exists(PathOf(key)));

    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ObjectKeys.ValidatePrefix(prefix);
        await Task.Yield();
        if (!Directory.Exists(root))
        {
            yield break;
        }

        // Only the folder the prefix points into needs walking.
        var lastSlash = prefix.LastIndexOf('/');
        var start = lastSlash < 0 ? root : Path.Combine(root, prefix[..lastSlash]);
        if (!Directory.Exists(start))
        {
            yield break;
        }

        var found = new List<ObjectInfo>();
        foreach (var file in Directory.EnumerateFiles(start, "*", SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Path.GetFileName(file).StartsWith(TemporaryPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var key = Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/');
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                found.Add(new ObjectInfo(key, new FileInfo(file).Length));
            }
        }

        foreach (var info in found.OrderBy(i => i.Key, StringComparer.Ordinal))
        {
            yield return info;
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing stored under the key: deleting it is done.
        }

        return Task.CompletedTask;
    }

    private string PathOf(string key)
    {
        ObjectKeys.Validate(key);
        var path = Path.GetFullPath(Path.Combine(root, key.Replace('/', Path.DirectorySeparatorChar)));
        // Validation already forbids escapes; this guards against whatever the platform resolves differently.
        if (!path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ObjectKeyException(key, $"it resolves outside {root}");
        }

        return path;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a leftover temporary file is skipped by listings and never read as an object.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }

    private sealed class FolderStagedObject(string key, string path, string temporary, FileStream file) : StagedObject(key, file, writeBehind: true)
    {
        protected override Task StoreAsync(FileStream written, CancellationToken cancellationToken) => Task.Run(() =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            written.Flush(flushToDisk: true);
            written.Dispose();
            File.Move(temporary, path, overwrite: true);
        }, cancellationToken);

        protected override void Discard() => TryDelete(temporary);
    }
}
