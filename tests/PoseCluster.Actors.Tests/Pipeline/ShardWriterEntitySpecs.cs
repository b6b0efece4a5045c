using Akka.Actor;
using PoseCluster.Actors.Shards;
using PoseCluster.Actors.Tests.Support;
using PoseCluster.Datasets.AugMotion;
using PoseCluster.Datasets.Pipeline;
using PoseCluster.Storage.Objects;
using PoseCluster.Storage.Pipeline;
using Xunit.Abstractions;

namespace PoseCluster.Actors.Tests.Pipeline;

/// <summary>The ShardWriter entity: one planned shard into the store, the same bytes however often it is asked.</summary>
public sealed class ShardWriterEntitySpecs(ITestOutputHelper output) : ActorSpec(output), IAsyncLifetime
{
    private PipelineFixture _pipeline = null!;
    private IReadOnlyList<ShardAssignment> _layout = [];
    private CanonicalTriangle _triangle = null!;

    public async Task InitializeAsync()
    {
        _pipeline = await PipelineFixture.CreateAsync(retry: TimeSpan.FromHours(1));
        var sequences = await _pipeline.SequencesAsync("h36m");
        _triangle = Stage2.Triangle(new Dictionary<string, ReferenceStatistics> { ["h36m"] = sequences.Aggregate(default(ReferenceStatistics), (sum, s) => sum + s.Stage1.Statistics) });
        var options = _pipeline.Environment.Settings.Stage2;
        _layout = ShardLayout.Plan("v-spec", sequences.Select(s => (s, Stage2.Project(s, _triangle, options))), options);
    }

    public async Task DisposeAsync() => await _pipeline.DisposeAsync();

    private WriteShard Write(ShardAssignment shard, string? configHash = null) =>
        new(ShardWriterEntity.IdOf(shard), shard, _triangle.ShoulderWidthMm, _triangle.ShoulderToPelvisMm, configHash ?? _pipeline.Environment.Config.Hash);

    [Fact]
    public async Task A_shard_is_written_once_asked_and_asked_again_gives_the_same_answer_and_the_bytes_a_direct_write_gives()
    {
        Assert.True(_layout.Count >= 2, "the small shard size gives the fixture several shards");
        var shard = _layout[1];
        var writer = Sys.ActorOf(ShardWriterEntity.PropsFor(_pipeline.Environment));
        var other = CreateTestProbe();
        writer.Tell(Write(shard));
        writer.Tell(Write(shard), other.Ref);
        var first = ExpectMsg<ShardWritten>();
        Assert.Equal(first, other.ExpectMsg<ShardWritten>());
        writer.Tell(Write(shard));
        Assert.Equal(first, ExpectMsg<ShardWritten>());
        Assert.Equal((shard.Key, shard.Clips, "v-spec", "h36m"), (first.Shard.Key, first.Shard.Clips, first.Shard.Version, first.Shard.Dataset));
        Assert.Equal("v-spec/" + shard.Split + "/1", first.EntityId);

        // The stored object is the shard, and writing the same assignment elsewhere gives the same bytes.
        await using (var stored = await _pipeline.Store.GetAsync(shard.Key, CancellationToken.None))
        {
            Assert.Equal(first.Shard.Sha256, Convert.ToHexStringLower(await System.Security.Cryptography.SHA256.HashDataAsync(stored)));
        }

        var elsewhere = ObjectStores.Folder(Path.Combine(_pipeline.Folder, "elsewhere"));
        var settings = _pipeline.Environment.Settings.Stage2;
        var direct = await ShardWriting.WriteAsync(elsewhere, shard, ShardWriting.Metadata("v-spec", settings, _triangle.ShoulderWidthMm, _triangle.ShoulderToPelvisMm), settings,
            _pipeline.Environment.Cache, CancellationToken.None);
        Assert.Equal(first.Shard, direct);
    }

    [Fact]
    public void A_shard_of_another_corpus_config_is_not_written_and_the_answer_says_why()
    {
        var writer = Sys.ActorOf(ShardWriterEntity.PropsFor(_pipeline.Environment));
        writer.Tell(Write(_layout[0], configHash: new string('f', 64)));
        Assert.Contains("another corpus config", ExpectMsg<ShardNotWritten>().Reason, StringComparison.Ordinal);
    }
}
