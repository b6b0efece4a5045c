using PoseCluster.Configuration;

namespace PoseCluster.Configuration.Tests;

public sealed class ConfigGetterTests
{
    private static Config Parse(string text) => new ConfigBuilder(_ => null).AddText(text, "test.conf").Build();

    [Theory]
    [InlineData("10s", 10_000)]
    [InlineData("500ms", 500)]
    [InlineData("2m", 120_000)]
    [InlineData("1.5 seconds", 1_500)]
    [InlineData("3 minutes", 180_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1d", 86_400_000)]
    [InlineData("250", 250)]
    [InlineData("0s", 0)]
    [InlineData("2000us", 2)]
    [InlineData("1e3ms", 1_000)]
    public void Durations_accept_hocon_units_and_bare_numbers_are_milliseconds(string text, long milliseconds)
    {
        var config = Parse($"d = {text}");
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), config.GetDuration("d"));
    }

    [Fact]
    public void Nanosecond_durations_keep_their_sub_millisecond_precision()
    {
        Assert.Equal(TimeSpan.FromTicks(15), Parse("d = 1500ns").GetDuration("d"));
    }

    [Theory]
    [InlineData("ten seconds", "expected a number")]
    [InlineData("10 fortnights", "unknown duration unit 'fortnights'")]
    [InlineData("s", "expected a number")]
    [InlineData("1e400s", "expected a number")]
    [InlineData("100000000000d", "out of range")]
    public void Bad_durations_name_the_setting_and_its_origin(string text, string why)
    {
        var e = Assert.Throws<SettingTypeException>(() => Parse($"a.d = {text}").GetDuration("a.d"));
        Assert.Equal("a.d", e.Path);
        Assert.Equal("test.conf:1:7", e.Origin);
        Assert.Contains(why, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("64MB", 64_000_000)]
    [InlineData("64MiB", 64L * 1024 * 1024)]
    [InlineData("1GiB", 1L << 30)]
    [InlineData("1G", 1L << 30)]
    [InlineData("1GB", 1_000_000_000)]
    [InlineData("128 kB", 128_000)]
    [InlineData("128K", 128 * 1024)]
    [InlineData("1.5KiB", 1536)]
    [InlineData("4096", 4096)]
    [InlineData("0B", 0)]
    [InlineData("2 bytes", 2)]
    [InlineData("7TiB", 7L << 40)]
    public void Sizes_use_powers_of_1000_for_kB_MB_GB_and_1024_for_the_binary_units(string text, long bytes)
    {
        Assert.Equal(bytes, Parse($"s = {text}").GetByteSize("s"));
    }

    [Theory]
    [InlineData("-1MB", "cannot be negative")]
    [InlineData("10 parsecs", "unknown size unit 'parsecs'")]
    [InlineData("9000000TiB", "out of range")]
    [InlineData("lots", "expected a number")]
    public void Bad_sizes_are_type_errors(string text, string why)
    {
        var e = Assert.Throws<SettingTypeException>(() => Parse($"s = {text}").GetByteSize("s"));
        Assert.Contains(why, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Numbers_convert_between_widths_and_refuse_what_does_not_fit()
    {
        var config = Parse("""
            small = 42
            big = 3000000000
            neg = -7
            whole = 1e3
            frac = 1.5
            quoted = "12"
            word = twelve
            """);
        Assert.Equal(42, config.GetInt("small"));
        Assert.Equal(3_000_000_000L, config.GetLong("big"));
        Assert.Equal(-7, config.GetInt("neg"));
        Assert.Equal(1000, config.GetInt("whole"));
        Assert.Equal(1.5, config.GetDouble("frac"));
        Assert.Equal(12, config.GetInt("quoted"));
        Assert.Contains("between -2^31 and 2^31-1", Assert.Throws<SettingTypeException>(() => config.GetInt("big")).Message, StringComparison.Ordinal);
        Assert.Contains("whole number", Assert.Throws<SettingTypeException>(() => config.GetInt("frac")).Message, StringComparison.Ordinal);
        Assert.Contains("must be a number", Assert.Throws<SettingTypeException>(() => config.GetDouble("word")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Booleans_accept_yes_no_and_on_off()
    {
        var config = Parse("a = yes, b = off, c = true, d = maybe");
        Assert.True(config.GetBoolean("a"));
        Assert.False(config.GetBoolean("b"));
        Assert.True(config.GetBoolean("c"));
        Assert.Throws<SettingTypeException>(() => config.GetBoolean("d"));
    }

    [Fact]
    public void Fallbacks_apply_only_when_the_setting_is_absent()
    {
        var config = Parse("present = 5, n = null");
        Assert.Equal(5, config.GetInt("present", 9));
        Assert.Equal(9, config.GetInt("absent", 9));
        Assert.Equal("x", config.GetString("absent.deeper", "x"));
        Assert.Equal(TimeSpan.FromSeconds(3), config.GetDuration("absent", TimeSpan.FromSeconds(3)));
        Assert.Equal(7L, config.GetByteSize("absent", 7L));
        Assert.True(config.GetBoolean("absent", true));
        Assert.Equal(["d"], config.GetStringList("absent", ["d"]));
        Assert.Throws<MissingSettingException>(() => config.GetInt("n"));
    }

    [Fact]
    public void A_missing_required_setting_names_its_full_path_even_from_a_sub_config()
    {
        var config = Parse("posecluster { storage { objects { kind = folder } } }");
        var storage = config.GetConfig("posecluster.storage");
        var e = Assert.Throws<MissingSettingException>(() => storage.GetString("objects.bucket"));
        Assert.Equal("posecluster.storage.objects.bucket", e.Path);
        Assert.Contains("'posecluster.storage.objects.bucket'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_kinds_of_values_are_type_errors_naming_the_path()
    {
        var config = Parse("o { x = 1 }, l = [1, two]");
        Assert.Equal("o", Assert.Throws<SettingTypeException>(() => config.GetString("o")).Path);
        Assert.Equal("l", Assert.Throws<SettingTypeException>(() => config.GetConfig("l")).Path);
        Assert.Equal("l.1", Assert.Throws<SettingTypeException>(() => config.GetIntList("l")).Path);
        Assert.Equal("o", Assert.Throws<SettingTypeException>(() => config.GetStringList("o")).Path);
    }

    [Fact]
    public void Lists_of_doubles_and_configs_are_typed()
    {
        var config = Parse("w = [0.5, 1, 2e-1], nodes = [{ name = a }, { name = b }]");
        Assert.Equal([0.5, 1.0, 0.2], config.GetDoubleList("w"));
        Assert.Equal(["a", "b"], config.GetConfigList("nodes").Select(n => n.GetString("name")));
    }

    [Fact]
    public void Origin_of_a_setting_names_where_it_was_written()
    {
        var config = Parse("\na {\n  b = 1\n}");
        Assert.Equal("test.conf:3:7", config.OriginOf("a.b"));
    }
}
