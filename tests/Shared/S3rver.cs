using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PoseCluster.Testing;

/// <summary>
/// An s3rver process (tools/s3rver/serve.js: its XML-namespace fix and node's legacy OpenSSL provider
/// are the test-side adapters for the MinIO SDK) on 127.0.0.1 and a free port, over a folder of its own,
/// with the given buckets; killed and its folder deleted on dispose.
/// </summary>
internal sealed class S3rver : IAsyncDisposable
{
    /// <summary>Access key and secret s3rver accepts (it accepts any signature).</summary>
    public const string Key = "S3RVER";

    private readonly Process process;
    private readonly string folder;

    private S3rver(Process process, string folder, string endpoint)
    {
        this.process = process;
        this.folder = folder;
        Endpoint = endpoint;
    }

    /// <summary>http://127.0.0.1:PORT.</summary>
    public string Endpoint { get; }

    public static async Task<S3rver> StartAsync(params string[] buckets)
    {
        await NodeScript.EnsureInstalledAsync("s3rver");
        var folder = Directory.CreateTempSubdirectory("posecluster-s3rver-").FullName;
        var port = FreePort();
        var start = new ProcessStartInfo("node") { WorkingDirectory = NodeScript.Tool("s3rver"), RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--openssl-legacy-provider", "serve.js", folder, port.ToString(CultureInfo.InvariantCulture) }.Concat(buckets))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start s3rver");
        var error = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        var server = new S3rver(process, folder, $"http://127.0.0.1:{port}");
        for (var attempt = 0; attempt < 600; attempt++)
        {
            if (process.HasExited)
            {
                var message = await error;
                await server.DisposeAsync();
                throw new InvalidOperationException($"s3rver exited with {process.ExitCode}: {message}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return server;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        await server.DisposeAsync();
        throw new InvalidOperationException($"s3rver did not listen on port {port}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
