namespace Crossbuild.Cli;

/// <summary>
/// Whether stderr is an interactive terminal, and its width: this process's console, or, for a command the build
/// server runs, the client's (<see cref="Server.ServerHost"/>), so that the output is the same either way.
/// </summary>
internal static class Terminal
{
    private sealed record Facts(TextWriter Err, bool IsTerminal, int Width);

    private static readonly AsyncLocal<Facts?> Client = new();

    /// <summary>For the rest of this flow: <paramref name="err"/> is the client's stderr, a terminal of <paramref name="width"/> columns or not one.</summary>
    public static void UseClient(TextWriter err, bool isTerminal, int width) => Client.Value = new Facts(err, isTerminal, width);

    /// <summary>Back to this process's console.</summary>
    public static void Reset() => Client.Value = null;

    /// <summary>Whether <paramref name="err"/> is stderr and stderr is an interactive terminal.</summary>
    public static bool IsErrorTerminal(TextWriter err) => Client.Value is { } c
        ? ReferenceEquals(err, c.Err) && c.IsTerminal
        : ReferenceEquals(err, Console.Error) && !Console.IsErrorRedirected;

    /// <summary>The width of the terminal stderr is (80 when it is not one).</summary>
    public static int Width => Client.Value is { } c ? (c.IsTerminal && c.Width > 0 ? c.Width : 80) : Console.IsErrorRedirected ? 80 : ConsoleWidth();

    /// <summary>This process's console width (80 when it has none).</summary>
    public static int ConsoleWidth()
    {
        try
        {
            return Console.WindowWidth is > 0 and var w ? w : 80;
        }
        catch (IOException)
        {
            return 80;
        }
    }
}
