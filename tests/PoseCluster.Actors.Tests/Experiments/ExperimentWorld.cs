using PoseCluster.Actors.Experiments;
using PoseCluster.Actors.Training;
using PoseCluster.Configuration;
using PoseCluster.Datasets;
using PoseCluster.Storage.Objects;
using PoseCluster.Storage.Registry;
using PoseCluster.Storage.Shards;
using PoseCluster.Testing;

namespace PoseCluster.Actors.Tests.Experiments;

/// <summary>
/// What an experiment entity needs, for specs: a SQLite registry and a folder object store in a temporary
/// folder, a complete corpus version of 4-frame clips (the tiny preset's T) recorded in both, short timings.
/// </summary>
internal sealed class ExperimentWorld : IAsyncDisposable
{
    public const string Corpus = "v-spec";

    private readonly string folder = Directory.CreateTempSubdirectory("posecluster-experiment-spec-").FullName;

    private ExperimentWorld(TrainingEnvironment environment) => Environment = environment;

    public TrainingEnvironment Environment { get; private set; }

    public ExperimentRegistry Registry => Environment.Registry;

    public static Config Node { get; } = new ConfigBuilder(_ => null).AddFile(RepositoryRoot.ReferenceConf()).Build();

    public static async Task<ExperimentWorld> CreateAsync()
    {
        var world = new ExperimentWorld(null!);
        var url = "sqlite:" + Path.Combine(world.folder, "registry.db");
        var registry = await ExperimentRegistry.OpenAsync(url, migrate: true, CancellationToken.None);
        var objects = ObjectStores.Folder(Path.Combine(world.folder, "objects"));
        var timings = new ExperimentTimings(
            CorpusRetry: TimeSpan.FromMilliseconds(200), ClaimRetry: TimeSpan.FromMilliseconds(300), RegistryRetry: TimeSpan.FromMilliseconds(200),
            StartTimeout: TimeSpan.FromSeconds(30), DrainTimeout: TimeSpan.FromSeconds(30), FinishedIdle: TimeSpan.FromMinutes(5));
        world.Environment = new TrainingEnvironment(Node, url, registry, objects, new TrainerSettings(2, "127.0.0.1", TimeSpan.FromSeconds(5)), timings);
        return world;
    }

    /// <summary>Writes corpus <see cref="Corpus"/> (train and val clips) and records it complete.</summary>
    public async Task AddCorpusAsync(string version = Corpus)
    {
        var metadata = new ClipShardMetadata(version, "h36m-17", 4, 4, "mm", 350, 450);
        await using (var writer = new CorpusWriter(Environment.Objects, metadata, CorpusWriterOptions.Default))
        {
            for (var i = 0; i < 24; i++)
            {
                var pose = new float[metadata.Pose3dLength];
                for (var k = 0; k < pose.Length; k++)
                {
                    pose[k] = (k % 51 * 10f) - 200f + i;
                }

                await writer.AddAsync(new Clip($"h36m/S1/Walk.c@{i * 4}", "h36m", "S1", "Walk", "c", i * 4, 50, i < 16 ? "train" : "val", pose, null), CancellationToken.None);
            }

            await writer.CompleteAsync(CancellationToken.None);
        }

        await Registry.UpsertCorpusVersionAsync(new CorpusVersionRecord(version, "config", 4, 4, 350, 450, "complete", CorpusManifest.KeyFor(version), new Dictionary<string, string>()), CancellationToken.None);
    }

    public static ExperimentSpec Spec(string text)
    {
        var parsed = ExperimentSpecParser.Parse(text, Node);
        return parsed.Spec ?? throw new InvalidOperationException(string.Join("; ", parsed.Errors.Select(e => $"{e.Key}: {e.Value}")));
    }

    public async ValueTask DisposeAsync()
    {
        await Registry.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
