namespace PoseCluster.Configuration;

/// <summary>HOCON text that cannot be parsed or resolved; the message starts with file:line:column.</summary>
public sealed class HoconParseException : ConfigurationException
{
    /// <summary>Creates the exception for a problem at a position in a HOCON source.</summary>
    public HoconParseException(string file, int line, int column, string problem)
        : base($"{file}:{line}:{column}: {problem}")
    {
        File = file;
        Line = line;
        Column = column;
        Problem = problem;
    }

    /// <summary>The file (or source name) the problem is in.</summary>
    public string File { get; }

    /// <summary>1-based line of the problem.</summary>
    public int Line { get; }

    /// <summary>1-based column of the problem.</summary>
    public int Column { get; }

    /// <summary>What was wrong or what was expected, without the position.</summary>
    public string Problem { get; }
}
