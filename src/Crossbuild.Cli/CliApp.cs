using System.CommandLine;
using System.Text.RegularExpressions;
using Crossbuild.Cli.Commands;
using Crossbuild.Diagnostics;

namespace Crossbuild.Cli;

/// <summary>The <c>crossbuild</c> command line: verbs and flags modelled on <c>go</c>.</summary>
internal static partial class CliApp
{
    /// <summary>Runs the CLI with <paramref name="args"/>, writing to the given streams; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, string startDirectory,
        Func<string, IReadOnlyList<string>, string, int>? runProgram = null)
    {
        // "run ... -- args": what follows "--" belongs to the program, never to the parser.
        var split = Array.IndexOf(args, "--");
        var programArgs = split >= 0 && args.Take(split).Contains("run") ? args[(split + 1)..] : [];
        if (split >= 0 && args.Take(split).Contains("run")) args = args[..split];
        var ctx = new CliContext(stdout, stderr, startDirectory, programArgs) { RunProgram = runProgram };
        // Named explicitly: a RootCommand takes its name from the entry assembly (Crossbuild.Cli), however it is started.
        var root = new Command(Name, "crossbuild: go build's model for C#. Packages are directories, dependencies come from using directives.")
        {
            new System.CommandLine.Help.HelpOption(),
        };
        root.Options.Add(CommonOptions.Chdir);
        root.Options.Add(CommonOptions.CacheDir);
        root.Subcommands.Add(BuildCommand.Create(ctx));
        root.Subcommands.Add(RunCommand.Create(ctx));
        root.Subcommands.Add(TestCommand.Create(ctx));
        root.Subcommands.Add(WatchCommand.Create(ctx));
        root.Subcommands.Add(ServerCommand.Create(ctx));
        root.Subcommands.Add(ListCommand.Create(ctx));
        root.Subcommands.Add(IdeCommand.Create(ctx));
        root.Subcommands.Add(ReleaseCommand.Create(ctx));
        root.Subcommands.Add(PlanCommand.Create(ctx));
        root.Subcommands.Add(CacheCommand.Create(ctx));
        root.Subcommands.Add(GetCommand.Create(ctx));
        root.Subcommands.Add(ModCommand.Create(ctx));
        root.Subcommands.Add(CleanCommand.Create(ctx));
        root.Subcommands.Add(EnvCommand.Create(ctx));
        root.Subcommands.Add(InitCommand.Create(ctx));
        root.Subcommands.Add(VersionCommand.Create(ctx));
        var parse = root.Parse(args);
        var help = args.Any(a => a is "-h" or "--help" or "-?");
        // Patterns never start with '-': such a word is a flag the verb does not have (go: "flag provided but not defined").
        var unknown = parse.CommandResult.Children.OfType<System.CommandLine.Parsing.ArgumentResult>()
            .SelectMany(a => a.Tokens).Select(t => t.Value).FirstOrDefault(v => v.Length > 1 && v[0] == '-');
        if (unknown is not null && parse.Errors.Count == 0 && !help)
        {
            stderr.WriteLine($"crossbuild: unknown flag {unknown} (see crossbuild {parse.CommandResult.Command.Name} --help)");
            return ExitUsage;
        }
        if (parse.Errors.Count > 0 && !help)
        {
            // A usage error: one line per problem and exit code 2, as go does.
            var verb = parse.CommandResult.Command == root ? "" : " " + parse.CommandResult.Command.Name;
            foreach (var error in parse.Errors.Select(e => e.Message).Distinct())
                stderr.WriteLine($"crossbuild: {Regex.Replace(error, @"\s+", " ").Trim()} (see crossbuild{verb} --help)");
            return ExitUsage;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (OperationCanceledException) when (Work.BuildCancellation.Token.IsCancellationRequested)
        {
            // The build server's client went away (a user error only in the sense that nobody waits for it).
            stderr.WriteLine("crossbuild: cancelled");
            return ExitCancelled;
        }
        catch (Exception e) when (InternalError.AsUserError(e) is { } user)
        {
            stderr.WriteLine(FormatError(user.Message));
            return user is UsageException ? ExitUsage : ExitFailure;
        }
        catch (Exception e)
        {
            stderr.WriteLine(InternalError.Report(e, parse.GetValue(CommonOptions.CacheDir)).Message);
            return ExitInternal;
        }
    }

    /// <summary>The command's name in help, usage and error lines.</summary>
    public const string Name = "crossbuild";

    /// <summary>A build or test failed, or the input is wrong (a bad manifest, an unknown package, …).</summary>
    public const int ExitFailure = 1;

    /// <summary>The command line is wrong: an unknown verb or flag, a missing argument.</summary>
    public const int ExitUsage = 2;

    /// <summary>A bug in Crossbuild: one line on stderr, the stack trace in a crash log.</summary>
    public const int ExitInternal = 3;

    /// <summary>
    /// The command was cancelled because the build server's client went away (as 128 + SIGINT); no terminal sees it.
    /// </summary>
    public const int ExitCancelled = 130;

    /// <summary>Runs a verb's body, turning user errors into one line on stderr and exit code 1.</summary>
    public static int Guard(CliContext ctx, Func<int> body)
    {
        try
        {
            // Drives the internal-error path end to end in tests: a bug, as far as the CLI can tell.
            if (Environment.GetEnvironmentVariable("CROSSBUILD_INTERNAL_ERROR_TEST") == "1")
                throw new InvalidOperationException("deliberate internal error (CROSSBUILD_INTERNAL_ERROR_TEST=1)");
            return body();
        }
        catch (Exception e) when (InternalError.AsUserError(e) is { } user)
        {
            ctx.Err.WriteLine(FormatError(user.Message));
            return user is UsageException ? ExitUsage : ExitFailure;
        }
    }

    /// <summary>Messages that start with a location stay as they are; others get the tool's name.</summary>
    public static string FormatError(string message)
    {
        message = message.ReplaceLineEndings(" "); // one line, whatever a library put into the message
        return LocationPrefix().IsMatch(message) ? message : "crossbuild: " + message;
    }

    [GeneratedRegex(@"^[^\s:]+(:\d+:\d+|\(\d+,\d+\)):")]
    private static partial Regex LocationPrefix();
}
