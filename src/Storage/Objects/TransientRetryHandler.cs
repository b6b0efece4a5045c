using System.Net;
using System.Net.Sockets;
using Polly;
using Polly.Retry;

namespace PoseCluster.Storage.Objects;

/// <summary>
/// Retries every HTTP request of the MinIO store on transient failures — connection errors, timeouts,
/// 5xx, 429 and 408 — with exponential back-off and jitter (Polly). Each request is retried on its own,
/// so one failed part of a multipart upload does not restart the object. When the attempts are used up
/// on an error status, the status is raised as an <see cref="HttpRequestException"/>, so the store
/// reports the endpoint as unavailable instead of the SDK guessing an error from an empty body.
/// </summary>
internal sealed class TransientRetryHandler : DelegatingHandler
{
    private readonly ResiliencePipeline<HttpResponseMessage> pipeline;

    public TransientRetryHandler(int maxAttempts, TimeSpan baseDelay, HttpMessageHandler inner)
        : base(inner)
    {
        MaxAttempts = Math.Max(1, maxAttempts);
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } e ? IsTransient(e, args.Context.CancellationToken) : IsTransient(args.Outcome.Result!.StatusCode)),
                MaxRetryAttempts = MaxAttempts - 1,
                Delay = baseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    // The failed response is not handed on: release its connection before the next attempt.
                    args.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            });
        }

        pipeline = builder.Build();
    }

    /// <summary>Attempts per request, the first included.</summary>
    public int MaxAttempts { get; }

    /// <summary>Network failures, timeouts, throttling and server errors; never a 4xx the client caused.</summary>
    public static bool IsTransient(HttpStatusCode status) => (int)status >= 500 || status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout;

    /// <summary>An exception that a later attempt may not meet (connection refused or reset, a timeout of the HTTP client).</summary>
    public static bool IsTransient(Exception exception, CancellationToken cancellationToken)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case HttpRequestException { StatusCode: { } status }:
                    return IsTransient(status);
                case HttpRequestException or SocketException or IOException or TimeoutException:
                    return true;
                case OperationCanceledException:
                    // The HTTP client's own timeout; the caller's cancellation is never retried.
                    return !cancellationToken.IsCancellationRequested;
            }
        }

        return false;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // The SDK's request bodies are in-memory contents, so a request can be sent again as it is.
        var response = await pipeline.ExecuteAsync(async token => await base.SendAsync(request, token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        if (IsTransient(response.StatusCode))
        {
            var status = response.StatusCode;
            response.Dispose();
            throw new HttpRequestException($"{request.Method} {request.RequestUri?.GetLeftPart(UriPartial.Path)} answered {(int)status} {status}", null, status);
        }

        return response;
    }
}
