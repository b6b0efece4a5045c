using Npgsql;
using PoseCluster.Runtime.Cluster.Store;

namespace PoseCluster.Runtime.Cluster;

/// <summary>Opens the cluster store a <c>posecluster.cluster.store</c> URL names.</summary>
public static class ClusterStores
{
    /// <summary>
    /// Opens (without initializing) the store of <paramref name="url"/>: <c>sqlite:PATH</c>,
    /// <c>postgres://user:password@host:port/database</c>, or <c>postgres:</c> followed by an Npgsql
    /// connection string. Call <see cref="IClusterStore.InitializeAsync"/> before use.
    /// </summary>
    public static IClusterStore Open(string url, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        if (url.StartsWith("sqlite:", StringComparison.Ordinal))
        {
            var path = url["sqlite:".Length..];
            if (path.Length == 0)
            {
                throw new ClusterStoreException("cluster store URL 'sqlite:' needs a file path (sqlite:PATH)");
            }

            return new SqliteClusterStore(path, time);
        }

        return new PostgresClusterStore(PostgresConnectionString(url), time);
    }

    /// <summary>The Npgsql connection string of a <c>postgres://</c> or <c>postgres:</c> URL.</summary>
    public static string PostgresConnectionString(string url)
    {
        if (url.StartsWith("postgres://", StringComparison.Ordinal) || url.StartsWith("postgresql://", StringComparison.Ordinal))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
            {
                throw new ClusterStoreException($"cluster store URL '{Redact(url)}' is not a valid postgres://user:password@host:port/database URL");
            }

            var userInfo = uri.UserInfo.Split(':', 2);
            var builder = new NpgsqlConnectionStringBuilder
            {
                Host = uri.Host,
                Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
                Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')) is { Length: > 0 } db ? db : "postgres",
                Username = Uri.UnescapeDataString(userInfo[0]),
            };
            if (userInfo.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(userInfo[1]);
            }

            return builder.ConnectionString;
        }

        if (url.StartsWith("postgres:", StringComparison.Ordinal))
        {
            try
            {
                return new NpgsqlConnectionStringBuilder(url["postgres:".Length..]).ConnectionString;
            }
            catch (ArgumentException e)
            {
                throw new ClusterStoreException($"cluster store URL 'postgres:…' has a bad connection string: {e.Message}", e);
            }
        }

        throw new ClusterStoreException($"cluster store URL '{Redact(url)}' must start with sqlite: or postgres://");
    }

    /// <summary>The URL without a password, for messages.</summary>
    private static string Redact(string url)
    {
        var at = url.IndexOf('@', StringComparison.Ordinal);
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        return at > 0 && scheme > 0 && scheme < at ? url[..(scheme + 3)] + "…" + url[at..] : url;
    }
}
