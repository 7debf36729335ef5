using System.CommandLine;
using System.Text.RegularExpressions;
using Crossbuild.Cli.Commands;
using Crossbuild.Diagnostics;

namespace Crossbuild.Cli;

/// <summary>The <c>crossbuild</c> command line: verbs and flags modelled on <c>go</c>.</summary>
internal static partial class CliApp
{
    /// <summary>Runs the CLI with <paramref name="args"/>, writing to the given streams; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, string startDirectory)
    {
        // "run ... -- args": what follows "--" belongs to the program, never to the parser.
        var split = Array.IndexOf(args, "--");
        var programArgs = split >= 0 && args.Take(split).Contains("run") ? args[(split + 1)..] : [];
        if (split >= 0 && args.Take(split).Contains("run")) args = args[..split];
        var ctx = new CliContext(stdout, stderr, startDirectory, programArgs);
        var root = new RootCommand("crossbuild: go build's model for C#. Packages are directories, dependencies come from using directives.");
        root.Options.Add(CommonOptions.Chdir);
        root.Options.Add(CommonOptions.CacheDir);
        root.Subcommands.Add(BuildCommand.Create(ctx));
        root.Subcommands.Add(RunCommand.Create(ctx));
        root.Subcommands.Add(ListCommand.Create(ctx));
        root.Subcommands.Add(ReleaseCommand.Create(ctx));
        root.Subcommands.Add(PlanCommand.Create(ctx));
        root.Subcommands.Add(CacheCommand.Create(ctx));
        root.Subcommands.Add(GetCommand.Create(ctx));
        root.Subcommands.Add(ModCommand.Create(ctx));
        root.Subcommands.Add(CleanCommand.Create(ctx));
        root.Subcommands.Add(EnvCommand.Create(ctx));
        root.Subcommands.Add(VersionCommand.Create(ctx));
        var parse = root.Parse(args);
        return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
    }

    /// <summary>Runs a verb's body, turning user errors into one line on stderr and exit code 1.</summary>
    public static int Guard(CliContext ctx, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (CrossbuildException e)
        {
            ctx.Err.WriteLine(FormatError(e.Message));
            return 1;
        }
    }

    /// <summary>Messages that start with a location stay as they are; others get the tool's name.</summary>
    public static string FormatError(string message) =>
        LocationPrefix().IsMatch(message) ? message : "crossbuild: " + message;

    [GeneratedRegex(@"^[^\s:]+(:\d+:\d+|\(\d+,\d+\)):")]
    private static partial Regex LocationPrefix();
}
