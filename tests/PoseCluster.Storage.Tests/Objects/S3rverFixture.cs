using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using PoseCluster.Storage.Objects;

namespace PoseCluster.Storage.Tests.Objects;

/// <summary>An s3rver (npm, tools/s3rver) on 127.0.0.1 and a free port, with one bucket, for one test class.</summary>
public sealed class S3rverFixture : IAsyncLifetime
{
    public const string Bucket = "posecluster-test";
    private Process? process;
    private string? directory;

    public string Endpoint { get; private set; } = "";

    public S3ObjectStoreOptions Options(string prefix = "", long multipartThreshold = 5L << 20) =>
        new(Endpoint, "us-east-1", Bucket, prefix, "S3RVER", "S3RVER", true, multipartThreshold, 4, TimeSpan.FromMilliseconds(50));

    public async Task InitializeAsync()
    {
        await NodeScript.EnsureInstalledAsync("s3rver");
        directory = TestPaths.NewTemporaryFolder();
        var port = FreePort();
        Endpoint = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("node") { WorkingDirectory = TestPaths.Tool("s3rver"), RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "node_modules/s3rver/bin/s3rver.js", "-d", directory, "-a", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--silent", "--configure-bucket", Bucket })
        {
            start.ArgumentList.Add(argument);
        }

        process = Process.Start(start) ?? throw new InvalidOperationException("could not start s3rver");
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"s3rver exited with {process.ExitCode}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new InvalidOperationException($"s3rver did not listen on {Endpoint}");
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
