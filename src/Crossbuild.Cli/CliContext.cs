namespace Crossbuild.Cli;

/// <summary>Where a command writes and which directory it runs in (after <c>-C</c>).</summary>
/// <param name="Out">Standard output.</param>
/// <param name="Err">Standard error.</param>
/// <param name="StartDirectory">The process's working directory, before <c>-C</c>.</param>
/// <param name="ProgramArguments">For <c>run</c>: the arguments after <c>--</c>, passed to the program.</param>
internal sealed record CliContext(TextWriter Out, TextWriter Err, string StartDirectory, IReadOnlyList<string> ProgramArguments)
{
    /// <summary>
    /// Under the build server, runs <c>run</c>'s program in the client (the file, its arguments and working directory;
    /// returns its exit code); null in process.
    /// </summary>
    public Func<string, IReadOnlyList<string>, string, int>? RunProgram { get; init; }
}
