using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using Microsoft.Extensions.Logging.Console;
using PoseCluster.Actors.Pipeline;
using PoseCluster.Actors.Training;
using PoseCluster.Configuration;
using PoseCluster.Host.Cli;
using PoseCluster.Host.Http;

namespace PoseCluster.Host.Node;

/// <summary>
/// Runs one node on the generic host: the ActorSystem (Akka.Hosting, composed by
/// <see cref="NodeComposition"/>) and, on nodes with the role "api", Kestrel with the HTTP endpoint
/// groups and the dashboard's static files. Prints <c>node ADDRESS up</c> (and <c>http URL</c>) on stdout
/// once the node is an Up member, and <c>node ADDRESS left</c> after a graceful leave; logs go to stderr.
/// </summary>
internal static class NodeHost
{
    /// <summary>Folder of the dashboard's static files, next to the executable; served at / when it exists.</summary>
    public const string WebRoot = "wwwroot";

    /// <summary>Runs until SIGTERM/SIGINT or <paramref name="cancellationToken"/> (graceful leave, exit 0) or until the cluster downs the node (exit 1).</summary>
    public static async Task<int> RunAsync(NodeSettings settings, Config config, CliContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(context);
        if (settings.ServesHttp && settings.HttpToken.Length == 0 && !HttpBinding.IsLoopback(settings.HttpUrl))
        {
            throw new BadInputException(
                $"posecluster.http.url = {settings.HttpUrl}: refusing to serve HTTP on a non-loopback address without posecluster.http.token "
                + "(set a token, which writes then need as 'Authorization: Bearer TOKEN', or listen on 127.0.0.1)");
        }

        await settings.Persistence.PrepareAsync(cancellationToken).ConfigureAwait(false);
        // One registry and one object store for the corpus pipeline (issue 13) and experiments (issue 14).
        await using var services = await NodeServices.OpenAsync(config, cancellationToken).ConfigureAwait(false);

        using var host = Build(settings, NodeConfiguration.AkkaHocon(config), services);
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        var system = host.Services.GetRequiredService<ActorSystem>();
        var self = Cluster.Get(system).SelfAddress;
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();

        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Cluster.Get(system).RegisterOnMemberUp(() => up.TrySetResult());
        await Task.WhenAny(up.Task, Task.Delay(Timeout.Infinite, lifetime.ApplicationStopping)).ConfigureAwait(false);
        if (up.Task.IsCompleted)
        {
            await context.Out.WriteLineAsync($"node {self} up").ConfigureAwait(false);
            if (settings.ServesHttp)
            {
                await context.Out.WriteLineAsync($"http {settings.HttpUrl}").ConfigureAwait(false);
            }

            await context.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }

        await host.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        if (CoordinatedShutdown.Get(system).ShutdownReason is CoordinatedShutdown.ClusterDowningReason)
        {
            await context.Error.WriteLineAsync($"error: node {self} was downed by the cluster (unreachable for too long); restart it to rejoin").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        await context.Out.WriteLineAsync($"node {self} left").ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private static IHost Build(NodeSettings settings, string akkaHocon, NodeServices services)
    {
        if (!settings.ServesHttp)
        {
            var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory, Args = [] });
            AddNodeServices(builder, settings, akkaHocon, services);
            return builder.Build();
        }

        var web = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, WebRootPath = WebRoot, Args = [] });
        web.WebHost.UseUrls(settings.HttpUrl.ToString());
        AddNodeServices(web, settings, akkaHocon, services);
        web.Services.AddSingleton<PipelineQueries>();
        web.Services.AddSingleton<ExperimentQueries>();
        var app = web.Build();
        if (Directory.Exists(Path.Combine(AppContext.BaseDirectory, WebRoot)))
        {
            app.UseDefaultFiles();
            app.UseStaticFiles();
        }

        // Endpoint groups, one per area: the cluster, datasets and the corpus (issue 13), experiments, trainers and metrics (issue 14).
        app.MapClusterEndpoints();
        app.MapDatasetEndpoints();
        app.MapCorpusEndpoints();
        app.MapExperimentEndpoints();
        app.MapTrainerEndpoints();
        app.MapPrometheusEndpoints();
        // Any other /api path: a JSON 404 naming it (docs/API.md's error body), like every endpoint's own 404s.
        app.MapFallback("/api/{**path}", (HttpRequest request) =>
            Results.Json(new ErrorView($"no such API path on this node: {request.Path}"), ApiJson.Options, statusCode: StatusCodes.Status404NotFound));
        if (settings.DemoCounter)
        {
            app.MapCounterEndpoints();
        }

        return app;
    }

    private static void AddNodeServices(IHostApplicationBuilder builder, NodeSettings settings, string akkaHocon, NodeServices services)
    {
        builder.Logging.ClearProviders()
            .AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "HH:mm:ss.fff ";
            })
            .AddFilter("Microsoft", LogLevel.Warning);
        builder.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.Configure<ConsoleLifetimeOptions>(lifetime => lifetime.SuppressStatusMessages = true);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = settings.ShutdownTimeout);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(services.Pipeline);
        builder.Services.AddSingleton(services.Training);
        builder.Services.AddAkka(NodeSettings.SystemName, (akka, services) => NodeComposition.Compose(akka, services, akkaHocon));
    }
}
