namespace PoseCluster.Host.Cli;

/// <summary>Process exit codes of the posecluster command.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Ok = 0;

    /// <summary>A runtime failure (I/O, a server, a bug).</summary>
    public const int Failure = 1;

    /// <summary>Bad input: unknown flags, a bad configuration, a malformed file named on the command line.</summary>
    public const int BadInput = 2;
}
