using PoseCluster.Configuration;

namespace PoseCluster.Configuration.Tests;

/// <summary>Files, includes, and the layering of reference.conf, a user file and the environment.</summary>
public sealed class ConfigSourceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("posecluster-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Include_is_relative_to_the_including_file_and_later_fields_override_it()
    {
        Write("conf/common/base.conf", "db { host = localhost, port = 5432 }\nname = base");
        var main = Write("conf/main.conf", """
            include "common/base.conf"
            db.port = 6543
            """);
        var config = new ConfigBuilder(_ => null).AddFile(main).Build();
        Assert.Equal("localhost", config.GetString("db.host"));
        Assert.Equal(6543, config.GetInt("db.port"));
        Assert.Equal("base", config.GetString("name"));
    }

    [Fact]
    public void Untrusted_text_may_not_include_a_file_and_a_later_trusted_file_still_may()
    {
        var secret = Write("secret.conf", "password = hunter2");
        var builder = new ConfigBuilder(_ => null);
        var refused = Assert.Throws<HoconParseException>(() => builder.AddUntrustedText($"a = 1\ninclude \"{secret}\"", "spec"));
        Assert.Equal(("spec", 2), (refused.File, refused.Line));
        Assert.Contains("include is not allowed", refused.Problem, StringComparison.Ordinal);

        var main = Write("main.conf", $"include \"{secret}\"");
        Assert.Equal("hunter2", new ConfigBuilder(_ => null).AddFile(main).Build().GetString("password"));
    }

    [Fact]
    public void Include_inside_an_object_nests_the_file_and_its_substitutions()
    {
        Write("part.conf", "a = 1\nb = ${a}");
        var main = Write("main.conf", "outer { include \"part.conf\" }");
        var config = new ConfigBuilder(_ => null).AddFile(main).Build();
        Assert.Equal(1, config.GetInt("outer.b"));
        Assert.False(config.HasPath("a"));
    }

    [Fact]
    public void Include_forms_file_and_required_are_understood_and_a_missing_optional_include_is_ignored()
    {
        Write("x.conf", "x = 1");
        var main = Write("main.conf", """
            include file("x.conf")
            include "does-not-exist.conf"
            y = 2
            """);
        var config = new ConfigBuilder(_ => null).AddFile(main).Build();
        Assert.Equal(1, config.GetInt("x"));
        Assert.Equal(2, config.GetInt("y"));
    }

    [Fact]
    public void A_missing_required_include_is_an_error_at_the_include()
    {
        var main = Write("main.conf", "a = 1\ninclude required(\"gone.conf\")");
        var e = Assert.Throws<HoconParseException>(() => new ConfigBuilder(_ => null).AddFile(main).Build());
        Assert.Equal(2, e.Line);
        Assert.Contains("required include 'gone.conf' not found", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Include_cycles_are_reported()
    {
        Write("a.conf", "include \"b.conf\"");
        Write("b.conf", "include \"a.conf\"");
        var e = Assert.ThrowsAny<ConfigurationException>(() => new ConfigBuilder(_ => null).AddFile(Path.Combine(_dir, "a.conf")).Build());
        Assert.Contains("include cycle: a.conf -> b.conf -> a.conf", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_parse_error_in_an_included_file_names_that_file()
    {
        Write("bad.conf", "ok = 1\nbroken = \"unterminated");
        var main = Write("main.conf", "include \"bad.conf\"");
        var e = Assert.Throws<HoconParseException>(() => new ConfigBuilder(_ => null).AddFile(main).Build());
        Assert.EndsWith("bad.conf", e.File, StringComparison.Ordinal);
        Assert.Equal(2, e.Line);
    }

    [Fact]
    public void A_missing_config_file_is_a_configuration_error()
    {
        var e = Assert.Throws<ConfigurationException>(() => new ConfigBuilder().AddFile(Path.Combine(_dir, "nope.conf")));
        Assert.Contains("nope.conf", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Environment_overrides_map_double_underscores_to_dots_and_underscores_to_dashes()
    {
        var config = new ConfigBuilder(_ => null)
            .AddText("posecluster { cluster { failure-timeout = 10s, roles = [api] }, name = x }", "reference.conf")
            .AddEnvironmentOverrides(new Dictionary<string, string>
            {
                ["POSECLUSTER__CLUSTER__FAILURE_TIMEOUT"] = "20s",
                ["POSECLUSTER__cluster__roles"] = "[trainer, api]",
                ["POSECLUSTER__name"] = "has spaces and \"quotes\"",
                ["OTHER__name"] = "ignored",
            })
            .Build();
        Assert.Equal(TimeSpan.FromSeconds(20), config.GetDuration("posecluster.cluster.failure-timeout"));
        Assert.Equal(["trainer", "api"], config.GetStringList("posecluster.cluster.roles"));
        Assert.Equal("has spaces and \"quotes\"", config.GetString("posecluster.name"));
        Assert.Equal("env:POSECLUSTER__CLUSTER__FAILURE_TIMEOUT:1:1", config.OriginOf("posecluster.cluster.failure-timeout"));
    }

    [Fact]
    public void Environment_override_with_an_empty_segment_is_rejected()
    {
        var e = Assert.Throws<ConfigurationException>(() => new ConfigBuilder(_ => null)
            .AddEnvironmentOverrides(new Dictionary<string, string> { ["POSECLUSTER__a____b"] = "1" }));
        Assert.Contains("POSECLUSTER__a____b", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Later_sources_override_earlier_ones_and_substitutions_see_the_final_values()
    {
        var reference = Write("reference.conf", """
            posecluster {
              home = ".posecluster"
              registry = "sqlite:"${posecluster.home}"/registry.db"
            }
            """);
        var user = Write("user.conf", "posecluster.home = /srv/pose");
        var config = new ConfigBuilder(_ => null).AddFile(reference).AddFile(user).Build();
        Assert.Equal("sqlite:/srv/pose/registry.db", config.GetString("posecluster.registry"));
    }
}
