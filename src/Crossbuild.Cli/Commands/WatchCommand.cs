using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using Crossbuild.Watch;

namespace Crossbuild.Cli.Commands;

/// <summary>
/// <c>crossbuild watch [patterns] [build flags]</c> rebuilds on every change of the module's inputs;
/// <c>crossbuild watch run [package] [-- args]</c> also restarts the program after each successful build. One line per
/// build on stderr: what was compiled and how long it took from the save. Ctrl-C stops it (and the program).
/// </summary>
internal static class WatchCommand
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("watch", "Build, then rebuild whenever a source, manifest or lock file changes; watch run also restarts the program");
        var patterns = new Argument<string[]>("packages") { Arity = ArgumentArity.ZeroOrMore, Description = "Package patterns (default: .)" };
        var output = new Option<string?>("-o") { Description = "Write the executables into this directory after each build", HelpName = "path" };
        var options = new BuildOptions();
        command.Arguments.Add(patterns);
        command.Options.Add(output);
        options.AddTo(command);
        command.SetAction(result => CliApp.Guard(ctx, () =>
        {
            var cwd = CommonOptions.WorkingDirectory(result, ctx);
            var settings = options.Settings(result, cwd, result.GetValue(patterns) ?? []).SetOutput(result.GetValue(output));
            return Watch(ctx, new WatchRequest(settings, Run: false, []), result.GetValue(options.Verbose), result.GetValue(options.Trace), cwd);
        }));

        var run = new Command("run", "Build and run an executable package, and restart it after each successful build; arguments after -- go to the program");
        var package = new Argument<string?>("package") { Arity = ArgumentArity.ZeroOrOne, Description = "The package (default: .)" };
        var runOptions = new BuildOptions();
        run.Arguments.Add(package);
        runOptions.AddTo(run);
        run.SetAction(result => CliApp.Guard(ctx, () =>
        {
            var cwd = CommonOptions.WorkingDirectory(result, ctx);
            var settings = runOptions.Settings(result, cwd, [result.GetValue(package) ?? "."]);
            return Watch(ctx, new WatchRequest(settings, Run: true, ctx.ProgramArguments), result.GetValue(runOptions.Verbose), result.GetValue(runOptions.Trace), cwd);
        }));
        command.Subcommands.Add(run);
        return command;
    }

    private static int Watch(CliContext ctx, WatchRequest request, bool verbose, bool trace, string cwd)
    {
        using var stop = new CancellationTokenSource();
        // Ctrl-C and SIGTERM end the session after the build in progress; the program is stopped with it.
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = !stop.IsCancellationRequested;
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        using var term = OperatingSystem.IsWindows() ? null : PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            stop.Cancel();
        });
        try
        {
            Work.WarmCaches.Enabled = true; // a long-lived process: keep trees, drivers and facts between builds
            WatchLoop.Run(request, new Reporter(ctx.Err, cwd, verbose, trace, request), stop.Token);
            return 0;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    // One line per build; the build's own diagnostics are printed as crossbuild build prints them.
    private sealed class Reporter(TextWriter err, string cwd, bool verbose, bool trace, WatchRequest request) : IWatchReporter
    {
        private ConsoleReporter? _build;
        private bool _running;
        private readonly string _what = string.Join(" ", request.Settings.Patterns);

        public Work.IBuildReporter Starting()
        {
            _build?.Dispose();
            return _build = new ConsoleReporter(err, cwd, verbose, trace);
        }

        public void Built(WatchedBuild build)
        {
            if (build.Result is { } result) _build?.Finish(result);
            else if (build.Error is { } error) err.WriteLine(CliApp.FormatError(error));
            _build?.Dispose(); // a build that threw never reached the end of its run stage, where the line stops
            var ms = build.Elapsed.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture);
            var since = build.Changes is not { } changes ? ""
                : $" after {Path.GetRelativePath(cwd, changes.Paths[0]).Replace('\\', '/')}{(changes.Paths.Count > 1 ? $" and {changes.Paths.Count - 1} more" : "")} changed";
            var line = build.Result switch
            {
                { Succeeded: true } r when build.Started is not null => $"{Compiled(r)}; started {_what} {ms} ms{since}",
                { Succeeded: true } r => $"{Compiled(r)} in {ms} ms{since}",
                _ => $"build failed ({ms} ms){(_running && request.Run ? $"; the last good {_what} keeps running" : "")}",
            };
            if (build.Started is not null) _running = true;
            lock (err) err.WriteLine($"watch: {line}{(build.Changes is null ? "; watching for changes (Ctrl-C to stop)" : "")}");
        }

        public void ProgramExited(int exitCode)
        {
            _running = false;
            lock (err) err.WriteLine($"watch: {_what} exited with code {exitCode}; it starts again after the next change");
        }

        private static string Compiled(BuildResult r) => r.Compiled.Count switch
        {
            0 => $"nothing to compile ({r.Cached.Count} cached)",
            <= 3 => $"compiled {string.Join(", ", r.Compiled)} ({r.Compiled.Count} of {r.Compiled.Count + r.Cached.Count})",
            _ => $"compiled {r.Compiled.Count} of {r.Compiled.Count + r.Cached.Count} packages",
        };
    }
}
