using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Minio;
using Minio.DataModel;
using Minio.DataModel.Args;
using Minio.Exceptions;

namespace PoseCluster.Storage.Objects;

/// <summary>
/// Objects in an S3-compatible bucket (MinIO, AWS S3, Ceph) through the MinIO .NET SDK. Buckets are
/// addressed path-style; an object up to <see cref="S3ObjectStoreOptions.MultipartThreshold"/> goes up in
/// one PUT, a larger one as the SDK's multipart upload; every HTTP request is retried on transient
/// failures (<see cref="TransientRetryHandler"/>). The SDK 7.0.0's traps are handled here, not by callers:
/// objects are read whole (its ranged GET is broken) into a temporary file, so every download is
/// seekable and its length known; listing uses the SDK's default ListObjectsV2 (v1 stops at 1,000 keys).
/// Errors name the endpoint, the bucket and the key.
/// </summary>
internal sealed class MinioObjectStore : IObjectStore, IDisposable
{
    private const int CopyBufferSize = 1 << 20;
    private readonly IMinioClient client;
    private readonly HttpClient http;
    private readonly S3ObjectStoreOptions options;
    private readonly string keyPrefix;
    private readonly string endpoint;
    private readonly int maxAttempts;

    public MinioObjectStore(S3ObjectStoreOptions options)
        : this(options, transport: null, Environment.GetEnvironmentVariable)
    {
    }

    /// <summary>
    /// With <paramref name="transport"/>, tests see (or adapt) the requests that go over the wire;
    /// <paramref name="environment"/> supplies the credentials when the options have none.
    /// </summary>
    internal MinioObjectStore(S3ObjectStoreOptions options, HttpMessageHandler? transport, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        this.options = options;
        ObjectKeys.ValidatePrefix(options.Prefix);
        keyPrefix = options.Prefix.Length == 0 || options.Prefix.EndsWith('/') ? options.Prefix : options.Prefix + "/";
        var url = EndpointUrl(options);
        endpoint = options.Endpoint.Length > 0 ? options.Endpoint : $"AWS S3 {options.Region} ({url.Authority})";
        if (!options.ForcePathStyle)
        {
            throw new ObjectStoreException($"S3 store at {endpoint}: force-path-style = false is not supported (the MinIO SDK addresses buckets path-style)");
        }

        if (options.MultipartThreshold < S3ObjectStoreOptions.MinimumPartSize)
        {
            throw new ObjectStoreException(string.Create(CultureInfo.InvariantCulture,
                $"S3 store at {endpoint}: multipart-threshold {options.MultipartThreshold} is below S3's smallest part, {S3ObjectStoreOptions.MinimumPartSize} bytes"));
        }

        var (accessKey, secretKey, sessionToken) = Credentials(options, environment);
        var handler = new TransientRetryHandler(options.MaxAttempts, options.RetryBaseDelay, transport ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        maxAttempts = handler.MaxAttempts;
        http = new HttpClient(handler, disposeHandler: true);
        var builder = new MinioClient()
            .WithEndpoint(url.Host, url.Port)
            .WithSSL(url.Scheme == Uri.UriSchemeHttps)
            .WithRegion(options.Region)
            .WithCredentials(accessKey, secretKey)
            .WithHttpClient(http, disposeHttpClient: false);
        if (sessionToken is not null)
        {
            builder = builder.WithSessionToken(sessionToken);
        }

        client = builder.Build();
    }

    public string Location => $"s3://{options.Bucket}/{keyPrefix} at {endpoint}";

    public async Task PutAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ObjectKeys.Validate(key);
        var source = new SourceStream(content);
        var threshold = (int)Math.Min(options.MultipartThreshold, 1L << 30);
        var first = ArrayPool<byte>.Shared.Rent(threshold + 1);
        try
        {
            var filled = await RunAsync("PutObject", key, source, token => FillAsync(source, first.AsMemory(0, threshold + 1), token), cancellationToken).ConfigureAwait(false);
            if (filled <= threshold)
            {
                await RunAsync("PutObject", key, source, token => PutSingleAsync(key, first.AsMemory(0, filled), token), cancellationToken).ConfigureAwait(false);
                return;
            }

            // Longer than the threshold: the SDK's multipart upload (16 MiB parts) reads what was
            // buffered, then the rest of the source; an object of unknown size is announced as such.
            long? rest = content.CanSeek ? content.Length - content.Position : null;
            var whole = new PrefixedStream(first, filled, source);
            await RunAsync("PutObject", key, source, async token =>
            {
                await client.PutObjectAsync(new PutObjectArgs()
                    .WithBucket(options.Bucket)
                    .WithObject(keyPrefix + key)
                    .WithStreamData(whole)
                    .WithObjectSize(rest is { } r ? filled + r : -1)
                    .WithContentType("application/octet-stream"), token).ConfigureAwait(false);
                return 0;
            }, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(first);
        }
    }

    /// <summary>One PUT: the SDK's below 5 MiB (where it sends one), a presigned PUT above (where it would split).</summary>
    private async Task<int> PutSingleAsync(string key, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        if (bytes.Length < S3ObjectStoreOptions.MinimumPartSize)
        {
            await client.PutObjectAsync(new PutObjectArgs()
                .WithBucket(options.Bucket)
                .WithObject(keyPrefix + key)
                .WithStreamData(new ReadOnlyMemoryStream(bytes))
                .WithObjectSize(bytes.Length)
                .WithContentType("application/octet-stream"), cancellationToken).ConfigureAwait(false);
            return bytes.Length;
        }

        var url = await client.PresignedPutObjectAsync(new PresignedPutObjectArgs()
            .WithBucket(options.Bucket)
            .WithObject(keyPrefix + key)
            .WithExpiry(3600)).ConfigureAwait(false);
        using var body = new ReadOnlyMemoryContent(bytes);
        using var response = await http.PutAsync(new Uri(url), body, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new ObjectStoreException(
                $"S3 PutObject of '{key}' in bucket {options.Bucket} at {endpoint} failed: {(int)response.StatusCode} {response.StatusCode} {Shorten(text)}", key);
        }

        return bytes.Length;
    }

    public async Task<Stream> GetAsync(string key, CancellationToken cancellationToken)
    {
        ObjectKeys.Validate(key);
        var file = TemporaryFiles.Create("get");
        try
        {
            await RunAsync("GetObject", key, null, async token =>
            {
                await client.GetObjectAsync(new GetObjectArgs()
                    .WithBucket(options.Bucket)
                    .WithObject(keyPrefix + key)
                    .WithCallbackStream(async (body, ct) =>
                    {
                        // A retried request starts the download again.
                        file.SetLength(0);
                        await body.CopyToAsync(file, CopyBufferSize, ct).ConfigureAwait(false);
                        await file.FlushAsync(ct).ConfigureAwait(false);
                    }), token).ConfigureAwait(false);
                return 0;
            }, cancellationToken).ConfigureAwait(false);
            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        ObjectKeys.Validate(key);
        try
        {
            await RunAsync("StatObject", key, null, async token =>
            {
                await client.StatObjectAsync(new StatObjectArgs().WithBucket(options.Bucket).WithObject(keyPrefix + key), token).ConfigureAwait(false);
                return 0;
            }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ObjectNotFoundException)
        {
            return false;
        }
    }

    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ObjectKeys.ValidatePrefix(prefix);
        var items = client.ListObjectsEnumAsync(
            new ListObjectsArgs().WithBucket(options.Bucket).WithPrefix(keyPrefix + prefix).WithRecursive(true),
            cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (items.ConfigureAwait(false))
        {
            while (true)
            {
                Item item;
                try
                {
                    if (!await items.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }

                    item = items.Current;
                }
                catch (Exception e) when (Translate("ListObjectsV2", prefix, e, cancellationToken) is { } error)
                {
                    throw error;
                }

                if (!item.IsDir && item.Key.StartsWith(keyPrefix, StringComparison.Ordinal))
                {
                    yield return new ObjectInfo(item.Key[keyPrefix.Length..], (long)item.Size);
                }
            }
        }
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        ObjectKeys.Validate(key);
        await RunAsync("RemoveObject", key, null, async token =>
        {
            await client.RemoveObjectAsync(new RemoveObjectArgs().WithBucket(options.Bucket).WithObject(keyPrefix + key), token).ConfigureAwait(false);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        client.Dispose();
        http.Dispose();
    }

    /// <summary>Runs one SDK operation and maps what escapes to our exceptions; a failing source stream's own error is rethrown as it was.</summary>
    private async Task<T> RunAsync<T>(string operation, string key, SourceStream? source, Func<CancellationToken, Task<T>> request, CancellationToken cancellationToken)
    {
        try
        {
            return await request(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (source?.Failure is { } failure)
        {
            _ = e;
            failure.Throw();
            throw;
        }
        catch (Exception e) when (Translate(operation, key, e, cancellationToken) is { } error)
        {
            throw error;
        }
    }

    private Exception? Translate(string operation, string key, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is ObjectStoreException || cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        if (TransientRetryHandler.IsTransient(exception, cancellationToken) || exception is ConnectionException)
        {
            return new ObjectStoreUnavailableException(endpoint, maxAttempts, exception);
        }

        return exception switch
        {
            Minio.Exceptions.ObjectNotFoundException => new ObjectNotFoundException(Location, key),
            BucketNotFoundException => new ObjectStoreException($"S3 {operation} of '{key}' failed: bucket {options.Bucket} does not exist at {endpoint}", key, exception),
            MinioException or InvalidOperationException or ArgumentException =>
                new ObjectStoreException($"S3 {operation} of '{key}' in bucket {options.Bucket} at {endpoint} failed: {exception.GetType().Name}: {exception.Message}", key, exception),
            _ => null,
        };
    }

    private static Uri EndpointUrl(S3ObjectStoreOptions options)
    {
        var text = options.Endpoint.Length > 0 ? options.Endpoint : $"https://s3.{options.Region}.amazonaws.com";
        if (!text.Contains("://", StringComparison.Ordinal))
        {
            text = "https://" + text;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps) || url.AbsolutePath != "/")
        {
            throw new ObjectStoreException($"S3 endpoint '{options.Endpoint}' is not an http(s)://host[:port] URL");
        }

        return url;
    }

    /// <summary>The configured keys, else the usual environment variables (AWS's, then MinIO's).</summary>
    private static (string AccessKey, string SecretKey, string? SessionToken) Credentials(S3ObjectStoreOptions options, Func<string, string?> environment)
    {
        if (options.AccessKey.Length > 0)
        {
            return (options.AccessKey, options.SecretKey, null);
        }

        foreach (var (access, secret) in new[] { ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"), ("MINIO_ACCESS_KEY", "MINIO_SECRET_KEY"), ("MINIO_ROOT_USER", "MINIO_ROOT_PASSWORD") })
        {
            if (environment(access) is { Length: > 0 } accessKey && environment(secret) is { Length: > 0 } secretKey)
            {
                return (accessKey, secretKey, access.StartsWith("AWS", StringComparison.Ordinal) && environment("AWS_SESSION_TOKEN") is { Length: > 0 } token ? token : null);
            }
        }

        throw new ObjectStoreException(
            $"no S3 credentials for {options.Endpoint}: set posecluster.storage.objects.s3.access-key and secret-key, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or MINIO_ROOT_USER and MINIO_ROOT_PASSWORD)");
    }

    private static async Task<int> FillAsync(Stream content, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await content.ReadAsync(buffer[filled..], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return filled;
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "...";

    /// <summary>The caller's content; remembers how it failed, so that failure is reported rather than the upload's.</summary>
    private sealed class SourceStream(Stream inner) : ReadOnlyStreamBase
    {
        public ExceptionDispatchInfo? Failure { get; private set; }

        public override int Read(Span<byte> buffer)
        {
            try
            {
                return inner.Read(buffer);
            }
            catch (Exception e)
            {
                Failure ??= ExceptionDispatchInfo.Capture(e);
                throw;
            }
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                return await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Failure ??= ExceptionDispatchInfo.Capture(e);
                throw;
            }
        }
    }

    /// <summary>The first bytes, already read into a buffer, followed by the rest of the source.</summary>
    private sealed class PrefixedStream(byte[] prefix, int prefixLength, Stream rest) : ReadOnlyStreamBase
    {
        private int position;

        public override int Read(Span<byte> buffer)
        {
            if (position < prefixLength)
            {
                var n = Math.Min(buffer.Length, prefixLength - position);
                prefix.AsSpan(position, n).CopyTo(buffer);
                position += n;
                return n;
            }

            return rest.Read(buffer);
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            position < prefixLength ? ValueTask.FromResult(Read(buffer.Span)) : rest.ReadAsync(buffer, cancellationToken);
    }

    private sealed class ReadOnlyMemoryStream(ReadOnlyMemory<byte> bytes) : ReadOnlyStreamBase
    {
        private int position;

        public override int Read(Span<byte> buffer)
        {
            var n = Math.Min(buffer.Length, bytes.Length - position);
            bytes.Span.Slice(position, n).CopyTo(buffer);
            position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));
    }
}
