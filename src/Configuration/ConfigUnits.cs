using System.Globalization;

namespace PoseCluster.Configuration;

/// <summary>
/// Duration and size values as HOCON defines them. Durations: a number and a unit (ns, us, ms, s, m,
/// h, d and their long names); a bare number is milliseconds. Sizes: a number and a unit where
/// kB/MB/GB/TB are powers of 1000 and K/M/G/T, Ki/Mi/Gi/Ti, KiB/MiB/GiB/TiB are powers of 1024; a bare
/// number is bytes.
/// </summary>
internal static class ConfigUnits
{
    private static readonly (string[] Names, double Factor)[] DurationUnits =
    [
        (["ns", "nano", "nanos", "nanosecond", "nanoseconds"], 1),
        (["us", "micro", "micros", "microsecond", "microseconds"], 1e3),
        (["ms", "milli", "millis", "millisecond", "milliseconds"], 1e6),
        (["s", "second", "seconds"], 1e9),
        (["m", "minute", "minutes"], 60e9),
        (["h", "hour", "hours"], 3600e9),
        (["d", "day", "days"], 86400e9),
    ];

    private static readonly (string[] Names, double Factor)[] SizeUnits =
    [
        (["B", "b", "byte", "bytes"], 1),
        (["kB", "kilobyte", "kilobytes"], 1e3),
        (["MB", "megabyte", "megabytes"], 1e6),
        (["GB", "gigabyte", "gigabytes"], 1e9),
        (["TB", "terabyte", "terabytes"], 1e12),
        (["K", "k", "Ki", "KiB", "kibibyte", "kibibytes"], 1024d),
        (["M", "m", "Mi", "MiB", "mebibyte", "mebibytes"], 1024d * 1024),
        (["G", "g", "Gi", "GiB", "gibibyte", "gibibytes"], 1024d * 1024 * 1024),
        (["T", "t", "Ti", "TiB", "tebibyte", "tebibytes"], 1024d * 1024 * 1024 * 1024),
    ];

    /// <summary>Parses a duration; null with <paramref name="error"/> set when it is not one.</summary>
    public static TimeSpan? ParseDuration(string text, out string error)
    {
        if (!Split(text, out var number, out var unit, out error))
        {
            return null;
        }

        if (Factor(DurationUnits, unit, defaultFactor: 1e6) is not { } nanos)
        {
            error = $"unknown duration unit '{unit}' (use ns, us, ms, s, m, h or d)";
            return null;
        }

        var ticks = number * nanos / 100d;
        if (double.IsNaN(ticks) || ticks > TimeSpan.MaxValue.Ticks || ticks < TimeSpan.MinValue.Ticks)
        {
            error = "duration out of range";
            return null;
        }

        return TimeSpan.FromTicks((long)Math.Round(ticks));
    }

    /// <summary>Parses a size in bytes; null with <paramref name="error"/> set when it is not one.</summary>
    public static long? ParseSize(string text, out string error)
    {
        if (!Split(text, out var number, out var unit, out error))
        {
            return null;
        }

        if (Factor(SizeUnits, unit, defaultFactor: 1) is not { } factor)
        {
            error = $"unknown size unit '{unit}' (use B, kB, MB, GB, TB or KiB, MiB, GiB, TiB)";
            return null;
        }

        if (number < 0)
        {
            error = "a size cannot be negative";
            return null;
        }

        var bytes = Math.Round(number * factor);
        if (bytes >= 9.2233720368547758e18)
        {
            error = "size out of range (more than 2^63 bytes)";
            return null;
        }

        return (long)bytes;
    }

    /// <summary>The factor of a unit name; the default for no unit; null for an unknown unit.</summary>
    private static double? Factor((string[] Names, double Factor)[] units, string unit, double defaultFactor)
    {
        if (unit.Length == 0)
        {
            return defaultFactor;
        }

        foreach (var (names, factor) in units)
        {
            if (names.Contains(unit, StringComparer.Ordinal))
            {
                return factor;
            }
        }

        return null;
    }

    private static bool Split(string text, out double number, out string unit, out string error)
    {
        var trimmed = text.Trim();
        var end = 0;
        while (end < trimmed.Length && (char.IsAsciiDigit(trimmed[end]) || trimmed[end] is '.' or '-' or '+' or 'e' or 'E')
               && !(trimmed[end] is 'e' or 'E' && (end + 1 >= trimmed.Length || !(char.IsAsciiDigit(trimmed[end + 1]) || trimmed[end + 1] is '+' or '-'))))
        {
            end++;
        }

        unit = trimmed[end..].Trim();
        if (end == 0 || !double.TryParse(trimmed.AsSpan(0, end), NumberStyles.Float, CultureInfo.InvariantCulture, out number) || !double.IsFinite(number))
        {
            number = 0;
            error = "expected a number followed by an optional unit";
            return false;
        }

        error = "";
        return true;
    }
}
