using PoseCluster.Configuration;

namespace PoseCluster.Configuration.Tests;

public sealed class HoconParsingTests
{
    private static Config Parse(string text, Func<string, string?>? env = null) =>
        new ConfigBuilder(env ?? (_ => null)).AddText(text, "test.conf").Build();

    private static HoconParseException ParseError(string text) =>
        Assert.Throws<HoconParseException>(() => Parse(text));

    [Fact]
    public void Objects_can_be_written_with_equals_colon_or_nothing_before_the_brace()
    {
        var config = Parse("""
            a = { x = 1 }
            b : { x = 2 }
            c { x = 3 }
            """);
        Assert.Equal(1, config.GetInt("a.x"));
        Assert.Equal(2, config.GetInt("b.x"));
        Assert.Equal(3, config.GetInt("c.x"));
    }

    [Fact]
    public void A_root_object_may_be_braced_like_json()
    {
        var config = Parse("""{ "a": { "b": [1, 2, 3] }, "c": true }""");
        Assert.Equal([1, 2, 3], config.GetIntList("a.b"));
        Assert.True(config.GetBoolean("c"));
    }

    [Fact]
    public void Dotted_keys_create_nested_objects_and_quoted_keys_keep_their_dots()
    {
        var config = Parse("""
            a.b.c = 1
            "x.y".z = 2
            """);
        Assert.Equal(1, config.GetInt("a.b.c"));
        Assert.Equal(2, config.GetInt("\"x.y\".z"));
        Assert.False(config.HasPath("x.y.z"));
    }

    [Fact]
    public void Objects_with_the_same_key_merge_and_later_fields_override()
    {
        var config = Parse("""
            a { x = 1, y = 2, inner { p = 1 } }
            a { y = 3, z = 4, inner { q = 2 } }
            a.inner.p = 9
            """);
        Assert.Equal(1, config.GetInt("a.x"));
        Assert.Equal(3, config.GetInt("a.y"));
        Assert.Equal(4, config.GetInt("a.z"));
        Assert.Equal(9, config.GetInt("a.inner.p"));
        Assert.Equal(2, config.GetInt("a.inner.q"));
        Assert.Equal(["x", "y", "inner", "z"], config.GetConfig("a").Keys);
    }

    [Fact]
    public void A_non_object_replaces_an_object_and_an_object_replaces_a_non_object()
    {
        var config = Parse("""
            a { x = 1 }
            a = 5
            b = 5
            b { y = 2 }
            """);
        Assert.Equal(5, config.GetInt("a"));
        Assert.Equal(2, config.GetInt("b.y"));
    }

    [Fact]
    public void Arrays_accept_commas_newlines_trailing_commas_and_nesting()
    {
        var config = Parse("""
            a = [
              1
              2,
              3,
            ]
            b = [[1, 2], [3]]
            c = []
            d = [ { n = 1 }, { n = 2 } ]
            """);
        Assert.Equal([1, 2, 3], config.GetIntList("a"));
        Assert.Empty(config.GetStringList("c"));
        Assert.Equal(2, config.GetConfigList("d")[1].GetInt("n"));
        Assert.Contains("[[1,2],[3]]", config.ToJson(indented: false), StringComparison.Ordinal);
    }

    [Fact]
    public void Comments_with_hash_and_double_slash_are_ignored()
    {
        var config = Parse("""
            # a comment
            a = 1 // trailing comment
            // another
            b = "not // a comment" # but this is
            c = x#y
            """);
        Assert.Equal(1, config.GetInt("a"));
        Assert.Equal("not // a comment", config.GetString("b"));
        Assert.Equal("x", config.GetString("c"));
    }

    [Fact]
    public void Quoted_strings_decode_json_escapes()
    {
        var config = Parse("""
            a = "tab\there \"q\" \\ \/ \u00e9 \n"
            """);
        Assert.Equal("tab\there \"q\" \\ / \u00e9 \n", config.GetString("a"));
    }

    [Fact]
    public void Triple_quoted_strings_are_raw_and_may_span_lines()
    {
        var config = Parse("a = \"\"\"line1\n  \\n is not an escape \"quoted\"\nline3\"\"\"\nb = \"\"\"\"x\"\"\"\"");
        Assert.Equal("line1\n  \\n is not an escape \"quoted\"\nline3", config.GetString("a"));
        Assert.Equal("\"x\"", config.GetString("b"));
    }

    [Fact]
    public void Unquoted_values_on_one_line_concatenate_with_their_whitespace()
    {
        var config = Parse("""
            a = hello   world
            b = "x" y "z"
            c = 1 2
            """);
        Assert.Equal("hello   world", config.GetString("a"));
        Assert.Equal("x y z", config.GetString("b"));
        Assert.Equal("1 2", config.GetString("c"));
    }

    [Fact]
    public void Scalars_keep_their_types_in_json_and_quoted_values_stay_strings()
    {
        var config = Parse("""
            n = 42
            f = -1.5e3
            t = true
            z = null
            s = "42"
            u = 007
            """);
        var json = config.ToJson(indented: false);
        Assert.Contains("\"n\":42", json, StringComparison.Ordinal);
        Assert.Contains("\"f\":-1.5e3", json, StringComparison.Ordinal);
        Assert.Contains("\"t\":true", json, StringComparison.Ordinal);
        Assert.Contains("\"z\":null", json, StringComparison.Ordinal);
        Assert.Contains("\"s\":\"42\"", json, StringComparison.Ordinal);
        Assert.Contains("\"u\":\"007\"", json, StringComparison.Ordinal);
        Assert.False(config.HasPath("z"));
        Assert.Equal(42, config.GetInt("s"));
    }

    [Fact]
    public void Substitutions_refer_to_other_settings_anywhere_in_the_tree()
    {
        var config = Parse("""
            base { dir = "/data", port = 5432 }
            service { url = "postgres://host:"${base.port}, path = ${base.dir}/shards }
            copy = ${base}
            later = ${defined-after}
            defined-after = 7
            """);
        Assert.Equal("postgres://host:5432", config.GetString("service.url"));
        Assert.Equal("/data/shards", config.GetString("service.path"));
        Assert.Equal(5432, config.GetInt("copy.port"));
        Assert.Equal(7, config.GetInt("later"));
    }

    [Fact]
    public void Optional_substitutions_fall_back_to_the_environment_and_vanish_when_absent()
    {
        var env = new Dictionary<string, string> { ["HOME_DIR"] = "/home/pose" };
        var config = Parse("""
            home = ${?HOME_DIR}
            missing = ${?NOT_SET_ANYWHERE}
            kept = 1
            kept = ${?NOT_SET_ANYWHERE}
            required = ${HOME_DIR}
            """, n => env.GetValueOrDefault(n));
        Assert.Equal("/home/pose", config.GetString("home"));
        Assert.False(config.HasPath("missing"));
        Assert.Equal("/home/pose", config.GetString("required"));
        Assert.Equal(1, config.GetInt("kept"));
    }

    [Fact]
    public void A_setting_wins_over_an_environment_variable_of_the_same_name()
    {
        var config = Parse("""
            PATH = "from config"
            p = ${PATH}
            """, _ => "from env");
        Assert.Equal("from config", config.GetString("p"));
    }

    [Fact]
    public void Self_referential_substitution_appends_to_the_earlier_value()
    {
        var config = Parse("""
            path = [a]
            path = ${path} [b]
            path = ${path} [c, d]
            name = base
            name = ${name}-suffix
            obj { x = 1 }
            obj = ${obj} { y = 2 }
            nested { list = [1] }
            nested { list = ${nested.list} [2] }
            """);
        Assert.Equal(["a", "b", "c", "d"], config.GetStringList("path"));
        Assert.Equal("base-suffix", config.GetString("name"));
        Assert.Equal(1, config.GetInt("obj.x"));
        Assert.Equal(2, config.GetInt("obj.y"));
        Assert.Equal([1, 2], config.GetIntList("nested.list"));
    }

    [Fact]
    public void Plus_equals_appends_and_starts_a_list_when_there_was_none()
    {
        var config = Parse("""
            roles += trainer
            roles += api
            """);
        Assert.Equal(["trainer", "api"], config.GetStringList("roles"));
    }

    [Fact]
    public void Self_reference_in_a_later_source_sees_the_earlier_source()
    {
        var config = new ConfigBuilder(_ => null)
            .AddText("a.list = [1, 2]", "reference.conf")
            .AddText("a.list = ${a.list} [3]", "user.conf")
            .Build();
        Assert.Equal([1, 2, 3], config.GetIntList("a.list"));
    }

    [Fact]
    public void Self_reference_without_an_earlier_value_is_an_error_unless_optional()
    {
        var e = ParseError("a = ${a} [1]");
        Assert.Contains("self-reference ${a}", e.Message, StringComparison.Ordinal);
        Assert.Equal([1], Parse("a = ${?a} [1]").GetIntList("a"));
    }

    [Fact]
    public void Substitution_cycles_are_reported_with_their_chain_instead_of_hanging()
    {
        var e = ParseError("""
            a = ${b}
            b = ${c}
            c = ${a}
            """);
        Assert.Contains("substitution cycle", e.Message, StringComparison.Ordinal);
        Assert.Contains("${a}", e.Message, StringComparison.Ordinal);
        Assert.StartsWith("test.conf:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_object_that_refers_to_itself_is_a_cycle()
    {
        var e = ParseError("a { b = ${a} }");
        Assert.Contains("substitution cycle", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unresolvable_required_substitution_names_its_position()
    {
        var e = ParseError("\n  x = ${no.such.path}");
        Assert.Equal(2, e.Line);
        Assert.Equal(7, e.Column);
        Assert.Contains("${no.such.path}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Concatenating_an_object_with_a_string_is_an_error()
    {
        var e = ParseError("""
            o { x = 1 }
            a = ${o} text
            """);
        Assert.Contains("cannot concatenate", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_object_merged_over_a_substitution_merges_when_resolved()
    {
        var config = Parse("""
            defaults { timeout = 10s, retries = 3 }
            client = ${defaults}
            client { retries = 5 }
            """);
        Assert.Equal(TimeSpan.FromSeconds(10), config.GetDuration("client.timeout"));
        Assert.Equal(5, config.GetInt("client.retries"));
    }

    [Theory]
    [InlineData("a = \"abc", 1, 9, "unterminated string")]
    [InlineData("a = \"abc\ndef\"", 1, 9, "unterminated string")]
    [InlineData("a = \"\\q\"", 1, 6, "unknown escape '\\q'")]
    [InlineData("a = \"\\u12\"", 1, 6, "four hex digits")]
    [InlineData("a = \"\"\"never closed", 1, 20, "unterminated triple-quoted string")]
    [InlineData("a {\n  b = 1\n", 3, 1, "unterminated object")]
    [InlineData("a = [1, 2", 1, 10, "unterminated array")]
    [InlineData("a = ${b", 1, 8, "expected '}' to close the substitution")]
    [InlineData("a = ${}", 1, 7, "expected a path")]
    [InlineData("a 1", 1, 3, "expected ':', '=', '+=' or '{' after key 'a'")]
    [InlineData("a =", 1, 4, "expected a value for 'a'")]
    [InlineData("= 1", 1, 1, "expected a key")]
    [InlineData("a = 1 }", 1, 7, "unexpected '}'")]
    [InlineData("}", 1, 1, "unexpected '}'")]
    [InlineData("a = [1 2 }", 1, 10, "expected ',' or ']'")]
    [InlineData("a.  = 1", 1, 3, "expected a key segment after '.'")]
    [InlineData("a = b:c", 1, 6, "unexpected ':' in a value")]
    [InlineData("{ a = 1 } b = 2", 1, 11, "expected end of input")]
    public void Parse_errors_name_file_line_column_and_what_was_expected(string text, int line, int column, string expected)
    {
        var e = ParseError(text);
        Assert.Equal("test.conf", e.File);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Equal((line, column), (e.Line, e.Column));
        Assert.StartsWith($"test.conf:{line}:{column}: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Round_trip_through_hocon_text_keeps_every_value()
    {
        var config = Parse("""
            a { b = [1, "two", true, null], c = "q\"uote", d.e = 2.5 }
            "key with.dot" = x
            """);
        var again = Parse(config.ToHocon());
        Assert.Equal(config.ToJson(), again.ToJson());
    }
}
