namespace PoseCluster.Storage.Objects;

/// <summary>The rules every object key follows, whatever the store.</summary>
public static class ObjectKeys
{
    /// <summary>Longest key accepted (S3's limit).</summary>
    public const int MaxLength = 1024;

    /// <summary>Throws <see cref="ObjectKeyException"/> unless <paramref name="key"/> is a plain relative '/'-separated path.</summary>
    public static void Validate(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var problem = Problem(key);
        if (problem is not null)
        {
            throw new ObjectKeyException(key, problem);
        }
    }

    /// <summary>Throws unless <paramref name="prefix"/> could start a valid key (empty is allowed).</summary>
    public static void ValidatePrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Length > 0)
        {
            // A prefix may end in '/' or mid-segment; checking it with a final segment appended covers both.
            var problem = Problem(prefix + "x");
            if (problem is not null)
            {
                throw new ObjectKeyException(prefix, problem);
            }
        }
    }

    private static string? Problem(string key)
    {
        if (key.Length == 0)
        {
            return "it is empty";
        }

        if (key.Length > MaxLength)
        {
            return $"it is longer than {MaxLength} characters";
        }

        foreach (var c in key)
        {
            if (char.IsControl(c))
            {
                return "it contains a control character";
            }
        }

        if (key.Contains('\\', StringComparison.Ordinal))
        {
            return "it contains a backslash (keys use '/')";
        }

        if (key.StartsWith('/') || Path.IsPathRooted(key) || (key.Length > 1 && key[1] == ':'))
        {
            return "it is an absolute path";
        }

        foreach (var segment in key.Split('/'))
        {
            if (segment.Length == 0)
            {
                return "it has an empty path segment";
            }

            if (segment is "." or "..")
            {
                return $"it has a '{segment}' segment";
            }

            if (segment.StartsWith(FolderObjectStore.TemporaryPrefix, StringComparison.Ordinal))
            {
                return $"segments starting with '{FolderObjectStore.TemporaryPrefix}' are reserved";
            }
        }

        return null;
    }

    /// <summary>The key with control characters escaped, for messages.</summary>
    internal static string Printable(string key) =>
        string.Concat(key.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
}
