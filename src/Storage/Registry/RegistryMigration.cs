using System.Reflection;
using System.Text.RegularExpressions;

namespace PoseCluster.Storage.Registry;

/// <summary>One versioned SQL migration, embedded as Registry/Migrations/NNNN_name.sql.</summary>
/// <param name="Version">Schema version the migration brings the registry to.</param>
/// <param name="Name">What the migration does, from the file name.</param>
/// <param name="Sql">The script, with dialect placeholders.</param>
internal sealed partial record RegistryMigration(int Version, string Name, string Sql)
{
    /// <summary>Every embedded migration in version order.</summary>
    public static IReadOnlyList<RegistryMigration> All { get; } = Load();

    /// <summary>The newest schema version this build knows.</summary>
    public static int Latest => All[^1].Version;

    private static List<RegistryMigration> Load()
    {
        var assembly = typeof(RegistryMigration).Assembly;
        var migrations = new List<RegistryMigration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var match = ResourceName().Match(resource);
            if (!match.Success)
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new RegistryMigration(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups[2].Value, reader.ReadToEnd()));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException($"registry migrations must be numbered 1..n without gaps; found {migrations[i].Version} at position {i + 1}");
            }
        }

        return migrations;
    }

    /// <summary>The script's statements, split on the semicolons that end lines.</summary>
    public IEnumerable<string> Statements(string identityColumn) =>
        StatementEnd().Split(Sql.Replace("{{id}}", identityColumn, StringComparison.Ordinal))
            .Select(s => string.Join('\n', s.Split('\n').Where(l => !l.TrimStart().StartsWith("--", StringComparison.Ordinal))).Trim())
            .Where(s => s.Length > 0);

    [GeneratedRegex(@"Registry\.Migrations\.(\d{4})_(\w+)\.sql$")]
    private static partial Regex ResourceName();

    [GeneratedRegex(@";\s*(\r?\n|$)")]
    private static partial Regex StatementEnd();
}
