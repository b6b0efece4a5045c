using Spectre.Console;

namespace PoseCluster.Host.Cli;

/// <summary>Spectre.Console consoles over a command's output: progress bars and colour only on an interactive terminal.</summary>
internal static class CliConsole
{
    /// <summary>A console writing to <paramref name="context"/>'s standard output.</summary>
    public static IAnsiConsole For(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var terminal = ReferenceEquals(context.Out, Console.Out) && !Console.IsOutputRedirected;
        return AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(context.Out),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
    }

    /// <summary>A console that writes nothing (progress while the result goes out as JSON).</summary>
    public static IAnsiConsole Silent() => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(TextWriter.Null),
        Ansi = AnsiSupport.No,
        ColorSystem = ColorSystemSupport.NoColors,
        Interactive = InteractionSupport.No,
    });
}
