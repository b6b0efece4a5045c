namespace PoseCluster.Configuration;

/// <summary>Splitting and rendering of dotted setting paths (quoted segments may contain dots).</summary>
internal static class HoconPath
{
    /// <summary>Splits a path written in code, such as <c>a.b."c.d"</c>.</summary>
    public static IReadOnlyList<string> Split(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var segments = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var c in path)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == '.' && !quoted)
            {
                AddSegment(path, segments, current);
            }
            else
            {
                current.Append(c);
            }
        }

        if (quoted)
        {
            throw new ArgumentException($"unterminated quote in path '{path}'", nameof(path));
        }

        AddSegment(path, segments, current);
        return segments;
    }

    /// <summary>Renders segments as a path, quoting a segment that needs it.</summary>
    public static string Render(IEnumerable<string> segments) =>
        string.Join('.', segments.Select(s => s.Length == 0 || s.Any(NeedsQuote) ? "\"" + s + "\"" : s));

    public static string Join(string prefix, string key) =>
        prefix.Length == 0 ? Render([key]) : prefix + "." + Render([key]);

    private static bool NeedsQuote(char c) => c is '.' or '"' || char.IsWhiteSpace(c);

    private static void AddSegment(string path, List<string> segments, System.Text.StringBuilder current)
    {
        if (current.Length == 0)
        {
            throw new ArgumentException($"empty segment in path '{path}'", nameof(path));
        }

        segments.Add(current.ToString());
        current.Clear();
    }
}
