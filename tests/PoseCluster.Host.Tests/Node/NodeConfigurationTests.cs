using PoseCluster.Configuration;
using PoseCluster.Host.Cli;
using PoseCluster.Host.Node;
using AkkaFactory = Akka.Configuration.ConfigurationFactory;

namespace PoseCluster.Host.Tests.Node;

/// <summary>
/// The node's configuration path: reference.conf → --config → environment → flags, resolved by our parser,
/// rendered for Akka. What Akka's own parser gets wrong (<c>${?VAR}</c>, <c>+=</c>, includes) must reach
/// it resolved.
/// </summary>
public sealed class NodeConfigurationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("posecluster-node-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private CliContext Context(Dictionary<string, string> environment) => new(TextWriter.Null, TextWriter.Null, environment);

    [Fact]
    public void Environment_fallbacks_appends_and_includes_of_a_config_file_reach_akka_resolved()
    {
        File.WriteAllText(Path.Combine(_dir, "akka-extra.conf"), "akka.cluster.split-brain-resolver.stable-after = 9s");
        var file = Path.Combine(_dir, "node.conf");
        File.WriteAllText(file, """
            include "akka-extra.conf"
            posecluster.home = ${?TEST_HOME}
            posecluster.node.roles = [api]
            posecluster.node.roles += worker
            posecluster.node.hostname = ${?TEST_HOST}
            akka.loglevel = ${?TEST_LEVEL}
            """);
        var home = Path.Combine(_dir, "home");
        var environment = new Dictionary<string, string> { ["TEST_HOME"] = home, ["TEST_HOST"] = "127.0.0.2", ["TEST_LEVEL"] = "DEBUG" };

        var (config, settings) = NodeConfiguration.Load(file, new NodeOverrides(), Context(environment));
        var text = NodeConfiguration.AkkaHocon(config);
        Assert.DoesNotContain("${", text, StringComparison.Ordinal);

        var akka = AkkaFactory.ParseString(text);
        Assert.Equal(["api", "worker"], akka.GetStringList("akka.cluster.roles"));
        Assert.Equal("127.0.0.2", akka.GetString("akka.remote.dot-netty.tcp.hostname"));
        Assert.Equal("DEBUG", akka.GetString("akka.loglevel"));
        Assert.Equal(TimeSpan.FromSeconds(9), akka.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after"));
        Assert.Equal("SQLite.MS", akka.GetString("akka.persistence.journal.sql.provider-name"));
        Assert.Contains(Path.Combine(home, "akka.db"), akka.GetString("akka.persistence.snapshot-store.sql.connection-string"), StringComparison.Ordinal);
        Assert.Equal("default", akka.GetString("akka.persistence.journal.sql.table-mapping"));
        Assert.Equal("default", akka.GetString("akka.persistence.snapshot-store.sql.table-mapping"));
        Assert.Empty(akka.GetStringList("akka.cluster.seed-nodes"));
        Assert.Equal(["api", "worker"], settings.Roles);
    }

    [Fact]
    public void Flags_replace_config_and_environment_and_seeds_become_akka_addresses()
    {
        var environment = new Dictionary<string, string> { ["POSECLUSTER__node__port"] = "5000", ["POSECLUSTER__node__roles"] = "[trainer]" };
        var overrides = new NodeOverrides(Port: 6001, Seeds: ["10.0.0.1:4051", "node2:4052"], Roles: ["worker"], HttpUrl: "http://127.0.0.1:9999");

        var (config, settings) = NodeConfiguration.Load(null, overrides, Context(environment));
        var akka = AkkaFactory.ParseString(NodeConfiguration.AkkaHocon(config));

        Assert.Equal(6001, akka.GetInt("akka.remote.dot-netty.tcp.port"));
        Assert.Equal(["worker"], akka.GetStringList("akka.cluster.roles"));
        Assert.Equal(["akka.tcp://posecluster@10.0.0.1:4051", "akka.tcp://posecluster@node2:4052"], akka.GetStringList("akka.cluster.seed-nodes"));
        Assert.Equal(new Uri("http://127.0.0.1:9999"), settings.HttpUrl);
        Assert.False(settings.ServesHttp);
    }

    [Fact]
    public void Reference_conf_sets_the_downing_and_failure_detection_the_docs_promise()
    {
        var (config, _) = NodeConfiguration.Load(null, new NodeOverrides(), Context([]));
        var akka = AkkaFactory.ParseString(NodeConfiguration.AkkaHocon(config));
        Assert.Equal("keep-majority", akka.GetString("akka.cluster.split-brain-resolver.active-strategy"));
        Assert.Equal(TimeSpan.FromSeconds(4), akka.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after"));
        Assert.Equal(TimeSpan.FromSeconds(7), akka.GetTimeSpan("akka.cluster.failure-detector.acceptable-heartbeat-pause"));
        Assert.Equal("cluster", akka.GetString("akka.actor.provider"));
        Assert.Equal("posecluster", akka.GetConfig("akka.actor.serialization-bindings").AsEnumerable().Single().Value.GetString());
    }

    [Fact]
    public void A_postgres_url_becomes_an_npgsql_connection_string_for_both_plugins()
    {
        var environment = new Dictionary<string, string> { ["POSECLUSTER__persistence__url"] = "postgres://pc:s%40cret@db.example:6543/akka" };
        var (config, settings) = NodeConfiguration.Load(null, new NodeOverrides(), Context(environment));
        var akka = AkkaFactory.ParseString(NodeConfiguration.AkkaHocon(config));
        Assert.Equal("PostgreSQL.15", akka.GetString("akka.persistence.journal.sql.provider-name"));
        var connection = new Npgsql.NpgsqlConnectionStringBuilder(akka.GetString("akka.persistence.snapshot-store.sql.connection-string"));
        Assert.Equal(("db.example", 6543, "akka", "pc", "s@cret"), (connection.Host, connection.Port, connection.Database, connection.Username, connection.Password));
        Assert.Null(settings.Persistence.SqliteFile);
        // PostgreSQL keeps Akka.Persistence.Sql's own isolation and connections.
        Assert.Equal("unspecified", akka.GetString("akka.persistence.journal.sql.read-isolation-level", "unspecified"));
        Assert.Null(settings.Persistence.AkkaDataOptions());
    }

    [Fact]
    public void Sqlite_persistence_reads_without_taking_the_write_lock()
    {
        var (config, settings) = NodeConfiguration.Load(null, new NodeOverrides(), Context(new Dictionary<string, string> { ["POSECLUSTER__home"] = _dir }));
        var akka = AkkaFactory.ParseString(NodeConfiguration.AkkaHocon(config));
        Assert.Equal("read-uncommitted", akka.GetString("akka.persistence.journal.sql.read-isolation-level"));
        Assert.Equal("read-uncommitted", akka.GetString("akka.persistence.snapshot-store.sql.read-isolation-level"));
        Assert.NotNull(settings.Persistence.AkkaDataOptions());
    }

    [Fact]
    public async Task The_compose_cluster_conf_seeds_node1_persists_in_postgres_and_refuses_to_serve_http_without_a_token()
    {
        var file = Path.Combine(PoseCluster.Testing.RepositoryRoot.Find(), "config", "hocon", "cluster.conf");
        var environment = new Dictionary<string, string> { ["POSTGRES_PASSWORD"] = "pw", ["POSECLUSTER__node__public_hostname"] = "node2", ["POSECLUSTER__home"] = _dir };
        var (config, settings) = NodeConfiguration.Load(file, new NodeOverrides(), Context(environment));
        Assert.Equal(["node1:4051"], settings.Seeds);
        Assert.Equal("PostgreSQL.15", settings.Persistence.ProviderName);
        var akka = AkkaFactory.ParseString(NodeConfiguration.AkkaHocon(config));
        Assert.Equal("node2", akka.GetString("akka.remote.dot-netty.tcp.public-hostname"));
        Assert.Equal("0.0.0.0", akka.GetString("akka.remote.dot-netty.tcp.hostname"));

        var error = await Assert.ThrowsAsync<BadInputException>(() => NodeHost.RunAsync(settings, config, Context(environment), CancellationToken.None));
        Assert.Contains("posecluster.http.token", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("POSECLUSTER__node__seeds", "[\"nohost\"]", "posecluster.node.seeds")]
    [InlineData("POSECLUSTER__node__port", "70000", "posecluster.node.port")]
    [InlineData("POSECLUSTER__node__discovery", "dns", "posecluster.node.discovery")]
    [InlineData("POSECLUSTER__persistence__url", "mysql://x", "posecluster.persistence.url")]
    [InlineData("POSECLUSTER__http__url", "ftp://x", "posecluster.http.url")]
    public void A_bad_node_setting_is_a_configuration_error_naming_the_setting(string variable, string value, string setting)
    {
        var environment = new Dictionary<string, string> { [variable] = value };
        var error = Assert.Throws<ConfigurationException>(() => NodeConfiguration.Load(null, new NodeOverrides(), Context(environment)));
        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }
}
