namespace PoseCluster.Configuration.Tests;

/// <summary>
/// <see cref="Config.ToHocon"/> is the text Akka.NET's own parser receives: everything our parser resolved
/// (environment, <c>+=</c>, includes, substitutions) must arrive in Akka with the same values.
/// </summary>
public sealed class AkkaRenderingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("posecluster-akka-render-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Environment_fallbacks_appends_and_includes_reach_akka_resolved()
    {
        File.WriteAllText(Path.Combine(_dir, "remote.conf"), "hostname = \"10.1.2.3\"\nport = 4051");
        var main = Path.Combine(_dir, "main.conf");
        File.WriteAllText(main, """
            akka {
              loglevel = INFO
              loglevel = ${?AKKA_LEVEL}
              missing = "kept"
              missing = ${?NOT_SET_ANYWHERE}
              cluster.roles = [api]
              cluster.roles += worker
              remote.dot-netty.tcp { include "remote.conf" }
              remote.dot-netty.tcp.public-port = ${akka.remote.dot-netty.tcp.port}
            }
            """);
        var environment = new Dictionary<string, string> { ["AKKA_LEVEL"] = "WARNING" };
        var ours = new ConfigBuilder(environment.GetValueOrDefault).AddFile(main).Build();

        var text = "akka " + ours.GetConfig("akka").ToHocon();
        Assert.DoesNotContain("${", text, StringComparison.Ordinal);
        Assert.DoesNotContain("+=", text, StringComparison.Ordinal);
        Assert.DoesNotContain("include", text, StringComparison.Ordinal);

        var akka = Akka.Configuration.ConfigurationFactory.ParseString(text);
        Assert.Equal("WARNING", akka.GetString("akka.loglevel"));
        Assert.Equal("kept", akka.GetString("akka.missing"));
        Assert.Equal(["api", "worker"], akka.GetStringList("akka.cluster.roles"));
        Assert.Equal("10.1.2.3", akka.GetString("akka.remote.dot-netty.tcp.hostname"));
        Assert.Equal(4051, akka.GetInt("akka.remote.dot-netty.tcp.port"));
        Assert.Equal(4051, akka.GetInt("akka.remote.dot-netty.tcp.public-port"));
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("quote \" and backslash \\ inside")]
    [InlineData("line\nbreak\tand tab")]
    [InlineData("${?NOT_A_SUBSTITUTION} and ${a.b}")]
    [InlineData("a + b = c, d: e { f } [g] # not a comment // nor this")]
    [InlineData("Data Source=/tmp/x y/akka.db;Pooling=True")]
    [InlineData("ünïcödé ✓")]
    [InlineData("")]
    public void Strings_arrive_in_akka_unchanged(string value)
    {
        var source = new ConfigBuilder(_ => null).AddText("akka.x = " + System.Text.Json.JsonSerializer.Serialize(value)).Build();
        var akka = Akka.Configuration.ConfigurationFactory.ParseString(source.ToHocon());
        Assert.Equal(value, akka.GetString("akka.x"));
    }

    [Fact]
    public void Keys_with_dots_and_typed_values_arrive_in_akka_as_written()
    {
        var ours = new ConfigBuilder(_ => null).AddText("""
            akka.actor.serialization-bindings { "PoseCluster.Actors.IClusterMessage, PoseCluster.Actors" = posecluster }
            akka.cluster.failure-detector.acceptable-heartbeat-pause = 12s
            akka.cluster.sharding.number-of-shards = 100
            akka.cluster.sharding.remember-entities = on
            akka.persistence.journal.sql.auto-initialize = true
            akka.ratio = 0.25
            akka.nothing = null
            """).Build();
        var akka = Akka.Configuration.ConfigurationFactory.ParseString(ours.ToHocon());
        Assert.Equal("posecluster", akka.GetConfig("akka.actor.serialization-bindings").AsEnumerable().Single(e => e.Key.Contains("IClusterMessage", StringComparison.Ordinal)).Value.GetString());
        Assert.Equal(TimeSpan.FromSeconds(12), akka.GetTimeSpan("akka.cluster.failure-detector.acceptable-heartbeat-pause"));
        Assert.Equal(100, akka.GetInt("akka.cluster.sharding.number-of-shards"));
        Assert.True(akka.GetBoolean("akka.cluster.sharding.remember-entities"));
        Assert.True(akka.GetBoolean("akka.persistence.journal.sql.auto-initialize"));
        Assert.Equal(0.25, akka.GetDouble("akka.ratio"));
    }
}
