using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Polly;
using Polly.Retry;

namespace PoseCluster.Storage.Objects;

/// <summary>
/// Objects in an S3-compatible bucket (AWS S3, MinIO, Ceph, s3rver) by configuration alone:
/// path-style addressing, multipart upload above a threshold, Polly retries with exponential
/// back-off for transient failures, and payloads sent unchunked (UseChunkEncoding = false; some
/// servers, s3rver among them, would otherwise store the aws-chunked framing inside the object).
/// </summary>
internal sealed class S3ObjectStore : IObjectStore, IDisposable
{
    private readonly AmazonS3Client client;
    private readonly S3ObjectStoreOptions options;
    private readonly ResiliencePipeline retry;
    private readonly string keyPrefix;
    private readonly string endpoint;

    public S3ObjectStore(S3ObjectStoreOptions options)
        : this(options, null)
    {
    }

    /// <summary>With <paramref name="httpClientFactory"/>, tests watch the requests that go over the wire.</summary>
    internal S3ObjectStore(S3ObjectStoreOptions options, HttpClientFactory? httpClientFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        ObjectKeys.ValidatePrefix(options.Prefix);
        keyPrefix = options.Prefix.Length == 0 || options.Prefix.EndsWith('/') ? options.Prefix : options.Prefix + "/";
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            // Polly owns retries so their number and back-off are ours to configure.
            MaxErrorRetry = 0,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            Timeout = TimeSpan.FromMinutes(5),
        };
        if (httpClientFactory is not null)
        {
            config.HttpClientFactory = httpClientFactory;
        }

        if (options.Endpoint.Length > 0)
        {
            config.ServiceURL = options.Endpoint;
            config.AuthenticationRegion = options.Region;
            endpoint = options.Endpoint;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(options.Region);
            endpoint = $"AWS S3 {options.Region}";
        }

        client = options.AccessKey.Length > 0
            ? new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config)
            : new AmazonS3Client(config);
        retry = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && IsTransient(e)),
                MaxRetryAttempts = Math.Max(0, options.MaxAttempts - 1),
                Delay = options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            })
            .Build();
    }

    public string Location => $"s3://{options.Bucket}/{keyPrefix} at {endpoint}";

    public async Task PutAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ObjectKeys.Validate(key);
        var partSize = (int)Math.Clamp(options.MultipartThreshold, S3ObjectStoreOptions.MinimumPartSize, 1L << 30);
        var first = new byte[partSize];
        var filled = await FillAsync(content, first, cancellationToken).ConfigureAwait(false);
        var singlePart = filled < partSize;
        byte peeked = 0;
        if (!singlePart)
        {
            (singlePart, peeked) = await IsAtEndAsync(content, cancellationToken).ConfigureAwait(false);
        }

        if (singlePart)
        {
            await RunAsync("PutObject", key, token => client.PutObjectAsync(new PutObjectRequest
            {
                BucketName = options.Bucket,
                Key = keyPrefix + key,
                InputStream = new MemoryStream(first, 0, filled, writable: false),
                AutoCloseStream = true,
                UseChunkEncoding = false,
            }, token), cancellationToken).ConfigureAwait(false);
            return;
        }

        await PutMultipartAsync(key, content, first, peeked, cancellationToken).ConfigureAwait(false);
    }

    private async Task PutMultipartAsync(string key, Stream content, byte[] first, byte peeked, CancellationToken cancellationToken)
    {
        var fullKey = keyPrefix + key;
        var upload = await RunAsync("CreateMultipartUpload", key, token => client.InitiateMultipartUploadAsync(
            new InitiateMultipartUploadRequest { BucketName = options.Bucket, Key = fullKey }, token), cancellationToken).ConfigureAwait(false);
        var parts = new List<PartETag>();
        try
        {
            var buffer = first;
            var length = first.Length;
            var next = new byte[first.Length];
            // One byte was read to learn that the object goes on; it starts the second part.
            next[0] = peeked;
            var nextLength = 1 + await FillAsync(content, next.AsMemory(1), cancellationToken).ConfigureAwait(false);
            while (length > 0)
            {
                var partNumber = parts.Count + 1;
                var part = buffer;
                var partLength = length;
                var response = await RunAsync("UploadPart", key, token => client.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = options.Bucket,
                    Key = fullKey,
                    UploadId = upload.UploadId,
                    PartNumber = partNumber,
                    PartSize = partLength,
                    InputStream = new MemoryStream(part, 0, partLength, writable: false),
                    UseChunkEncoding = false,
                }, token), cancellationToken).ConfigureAwait(false);
                parts.Add(new PartETag(partNumber, response.ETag));

                (buffer, next) = (next, buffer);
                length = nextLength;
                nextLength = length == 0 ? 0 : await FillAsync(content, next, cancellationToken).ConfigureAwait(false);
            }

            await RunAsync("CompleteMultipartUpload", key, token => client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = options.Bucket,
                Key = fullKey,
                UploadId = upload.UploadId,
                PartETags = parts,
            }, token), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            try
            {
                await client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = options.Bucket, Key = fullKey, UploadId = upload.UploadId }, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is AmazonServiceException or HttpRequestException or IOException)
            {
                // The upload is abandoned either way; the bucket's lifecycle rules reclaim its parts.
            }

            throw;
        }
    }

    public async Task<Stream> GetAsync(string key, CancellationToken cancellationToken)
    {
        ObjectKeys.Validate(key);
        try
        {
            var response = await RunAsync("GetObject", key, token => client.GetObjectAsync(options.Bucket, keyPrefix + key, token), cancellationToken).ConfigureAwait(false);
            return new DownloadStream(response.ResponseStream, response.ContentLength, response);
        }
        catch (ObjectStoreException e) when (e.InnerException is AmazonS3Exception { StatusCode: HttpStatusCode.NotFound })
        {
            throw new ObjectNotFoundException(Location, key);
        }
    }

    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        ObjectKeys.Validate(key);
        try
        {
            await RunAsync("HeadObject", key, token => client.GetObjectMetadataAsync(options.Bucket, keyPrefix + key, token), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ObjectStoreException e) when (e.InnerException is AmazonS3Exception { StatusCode: HttpStatusCode.NotFound })
        {
            return false;
        }
    }

    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ObjectKeys.ValidatePrefix(prefix);
        string? continuation = null;
        do
        {
            var token = continuation;
            var page = await RunAsync("ListObjectsV2", prefix, t => client.ListObjectsV2Async(new ListObjectsV2Request
            {
                BucketName = options.Bucket,
                Prefix = keyPrefix + prefix,
                ContinuationToken = token,
            }, t), cancellationToken).ConfigureAwait(false);
            foreach (var item in page.S3Objects ?? [])
            {
                yield return new ObjectInfo(item.Key[keyPrefix.Length..], item.Size ?? 0);
            }

            continuation = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (continuation is not null);
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        ObjectKeys.Validate(key);
        await RunAsync("DeleteObject", key, token => client.DeleteObjectAsync(options.Bucket, keyPrefix + key, token), cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => client.Dispose();

    /// <summary>Runs one request under the retry pipeline and maps what escapes to our exceptions.</summary>
    private async Task<T> RunAsync<T>(string operation, string key, Func<CancellationToken, Task<T>> request, CancellationToken cancellationToken)
    {
        try
        {
            return await retry.ExecuteAsync(async token => await request(token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && IsTransient(e))
        {
            throw new ObjectStoreUnavailableException(endpoint, options.MaxAttempts, e);
        }
        catch (AmazonServiceException e)
        {
            throw new ObjectStoreException($"S3 {operation} of '{key}' in bucket {options.Bucket} at {endpoint} failed: {e.ErrorCode} {e.Message}", key, e);
        }
    }

    /// <summary>Network failures, timeouts, throttling and server errors; never a 4xx the client caused.</summary>
    private static bool IsTransient(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case AmazonServiceException service when service.StatusCode != 0:
                    var status = (int)service.StatusCode;
                    return status >= 500 || status is 429 or 408;
                case HttpRequestException or SocketException or IOException or TimeoutException:
                    return true;
                case TaskCanceledException:
                    // A timeout of the HTTP client, not our cancellation (the caller checks that).
                    return true;
            }
        }

        return false;
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

    /// <summary>Reads one byte to tell an object of exactly one part from a longer one.</summary>
    private static async Task<(bool AtEnd, byte Peeked)> IsAtEndAsync(Stream content, CancellationToken cancellationToken)
    {
        var one = new byte[1];
        var read = await content.ReadAsync(one, cancellationToken).ConfigureAwait(false);
        return (read == 0, one[0]);
    }
}
