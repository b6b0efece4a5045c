using System.CommandLine;
using System.Reflection;

namespace PoseCluster.Host.Cli;

/// <summary><c>posecluster version</c>: the program's version and the .NET runtime it runs on.</summary>
internal static class VersionCommand
{
    public static string Version =>
        typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static Command Create(CliContext context)
    {
        var command = new Command("version", "Print the PoseCluster version");
        command.SetAction(_ =>
        {
            context.Out.WriteLine($"posecluster {Version} (.NET {Environment.Version})");
            return ExitCodes.Ok;
        });
        return command;
    }
}
