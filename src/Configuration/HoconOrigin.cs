namespace PoseCluster.Configuration;

/// <summary>Where a piece of HOCON was written: file (or source name), 1-based line and column.</summary>
internal readonly record struct HoconOrigin(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";

    public HoconParseException Error(string problem) => new(File, Line, Column, problem);
}
