using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using PoseCluster.Storage.Objects;

namespace PoseCluster.Storage.Tests.Objects;

/// <summary>
/// An s3rver (npm, tools/s3rver/serve.js) on 127.0.0.1 and a free port for one test class, with a
/// small bucket for most tests and one of its own for the listing of more than 1,000 keys (s3rver
/// answers the SDK's HEAD on a bucket by listing up to 1,000 objects, so the main bucket stays small).
/// </summary>
public sealed class S3rverFixture : IAsyncLifetime
{
    public const string Bucket = "posecluster-test";
    public const string ManyKeysBucket = "posecluster-many";
    private Process? process;
    private string? directory;

    public string Endpoint { get; private set; } = "";

    public S3ObjectStoreOptions Options(string prefix = "", long multipartThreshold = 5L << 20, string bucket = Bucket) =>
        new(Endpoint, "us-east-1", bucket, prefix, "S3RVER", "S3RVER", true, multipartThreshold, 4, TimeSpan.FromMilliseconds(50));

    public async Task InitializeAsync()
    {
        await NodeScript.EnsureInstalledAsync("s3rver");
        directory = TestPaths.NewTemporaryFolder();
        (process, Endpoint) = await StartAsync(directory, Bucket, ManyKeysBucket);
    }

    /// <summary>Starts s3rver with <paramref name="buckets"/> over <paramref name="folder"/>; returns the process and its endpoint.</summary>
    public static async Task<(Process Process, string Endpoint)> StartAsync(string folder, params string[] buckets)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("node") { WorkingDirectory = TestPaths.Tool("s3rver"), RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--openssl-legacy-provider", "serve.js", folder, port.ToString(CultureInfo.InvariantCulture) }.Concat(buckets))
        {
            start.ArgumentList.Add(argument);
        }

        var server = Process.Start(start) ?? throw new InvalidOperationException("could not start s3rver");
        var error = server.StandardError.ReadToEndAsync();
        _ = server.StandardOutput.ReadToEndAsync();
        for (var attempt = 0; attempt < 400; attempt++)
        {
            if (server.HasExited)
            {
                throw new InvalidOperationException($"s3rver exited with {server.ExitCode}: {await error}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return (server, $"http://127.0.0.1:{port}");
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        server.Kill(entireProcessTree: true);
        throw new InvalidOperationException($"s3rver did not listen on port {port}");
    }

    public async Task DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process?.Dispose();
        if (directory is not null)
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
