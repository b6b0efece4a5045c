using Npgsql;
using PoseCluster.Runtime.Cluster;
using PoseCluster.Runtime.Configuration;

namespace PoseCluster.Runtime.Tests.Cluster;

public sealed class ClusterStoresTests
{
    [Fact]
    public void A_postgres_url_becomes_an_npgsql_connection_string()
    {
        var builder = new NpgsqlConnectionStringBuilder(ClusterStores.PostgresConnectionString("postgres://pose:s%40cret@db.example:6543/cluster"));

        Assert.Equal(("db.example", 6543, "cluster", "pose", "s@cret"), (builder.Host, builder.Port, builder.Database, builder.Username, builder.Password));
    }

    [Fact]
    public void A_postgres_url_without_port_or_database_uses_the_defaults()
    {
        var builder = new NpgsqlConnectionStringBuilder(ClusterStores.PostgresConnectionString("postgresql://pose@db"));

        Assert.Equal((5432, "postgres"), (builder.Port, builder.Database));
    }

    [Theory]
    [InlineData("mysql://x")]
    [InlineData("sqlite:")]
    [InlineData("postgres://")]
    public void An_unknown_or_incomplete_store_url_is_refused_without_showing_a_password(string url)
    {
        var error = Assert.ThrowsAny<ClusterStoreException>(() => ClusterStores.Open(url));
        Assert.Contains("cluster store URL", error.Message);
    }

    [Fact]
    public void Cluster_settings_come_from_posecluster_cluster_and_roles_from_the_command_line_win()
    {
        var config = Config.Parse("""
            posecluster.cluster {
              store = "sqlite:/tmp/c.db"
              roles = [api, worker]
              api-url = "http://127.0.0.1:9000"
              heartbeat-interval = 200ms
              failure-timeout = 3s
              sharding { shard-count = 12, rebalance.max-simultaneous = 5, remember-entities = on }
            }
            """);

        var settings = ClusterSettings.FromConfig(config, ["trainer"]);

        Assert.Equal("http://127.0.0.1:9000", settings.Address);
        Assert.Equal(["trainer"], settings.Roles);
        Assert.Equal(TimeSpan.FromMilliseconds(200), settings.HeartbeatInterval);
        Assert.Equal(TimeSpan.FromSeconds(3), settings.FailureTimeout);
        Assert.Equal((12, 5, true), (settings.Sharding.ShardCount, settings.Sharding.MaxSimultaneousRebalance, settings.Sharding.RememberEntities));
        Assert.Equal(["api", "worker"], ClusterSettings.FromConfig(config).Roles);
    }
}
