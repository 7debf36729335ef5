using System.CommandLine;
using System.Diagnostics;
using Crossbuild.Diagnostics;
using Crossbuild.Env;

namespace Crossbuild.Cli.Commands;

/// <summary>
/// <c>crossbuild run [package] [-- args]</c>: builds one executable into a temporary directory and runs it,
/// passing its exit code through, as <c>go run</c>.
/// </summary>
internal static class RunCommand
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("run", "Build and run an executable package; arguments after -- go to the program");
        var package = new Argument<string?>("package") { Arity = ArgumentArity.ZeroOrOne, Description = "The package (default: .)" };
        var json = new Option<bool>("-json") { Description = "Print the build, then the program's output and exit code, as JSON events (docs/json.md)" };
        var options = new BuildOptions();
        command.Arguments.Add(package);
        command.Options.Add(json);
        options.AddTo(command);
        command.SetAction(result => CliApp.Guard(ctx, () =>
        {
            var cwd = CommonOptions.WorkingDirectory(result, ctx);
            var temp = Directory.CreateTempSubdirectory("crossbuild-run-");
            try
            {
                var settings = options.Settings(result, cwd, [result.GetValue(package) ?? "."])
                    .SetOutput(temp.FullName + Path.DirectorySeparatorChar);
                if (result.GetValue(options.DryRun))
                    return BuildCommand.PrintPlan(ctx, settings, Load.TargetNeeds.One, "run");
                var events = result.GetValue(json) ? new Work.Events.JsonEventReporter(ctx.Out, cwd) : null;
                using var console = events is null ? new ConsoleReporter(ctx.Err, cwd, result.GetValue(options.Verbose), result.GetValue(options.Trace)) : null;
                BuildResult build;
                try
                {
                    build = Builder.Build(settings, (Work.IBuildReporter?)events ?? console!, Load.TargetNeeds.One, "run");
                }
                catch (CrossbuildException e) when (events is not null)
                {
                    return events.Fail(e.Message);
                }
                var pattern = result.GetValue(package) ?? ".";
                var notOne = !build.Succeeded ? null
                    : build.Apps.Count == 0 ? $"run: {pattern} is not an executable package"
                    : build.Apps.Count > 1 ? $"run: {pattern} matches {build.Apps.Count} executables; name one"
                    : null;
                if (events is not null)
                {
                    if (notOne is not null) return events.Fail(notOne);
                    var code = events.Finish(build);
                    return build.Succeeded ? events.Exit(Execute(build.Apps[0], ctx.ProgramArguments, cwd, events)) : code;
                }
                if (!build.Succeeded) return console!.Finish(build);
                if (notOne is not null) throw new CrossbuildException(notOne);
                return Execute(build.Apps[0], ctx.ProgramArguments, cwd, runProgram: ctx.RunProgram);
            }
            finally
            {
                try { temp.Delete(recursive: true); } catch (IOException) { }
            }
        }));
        return command;
    }

    // Runs as the engine says an app starts (BuiltApp.StartCommand). With -json the program's stdout and stderr
    // become output events, line by line; stdin stays the terminal's.
    private static int Execute(BuiltApp app, IReadOnlyList<string> args, string cwd, Work.Events.JsonEventReporter? events = null,
        Func<string, IReadOnlyList<string>, string, int>? runProgram = null)
    {
        var (file, arguments) = app.StartCommand(args);
        // Under the build server the program runs in the client, on its terminal.
        if (runProgram is not null && events is null) return runProgram(file, arguments, cwd);
        var psi = new ProcessStartInfo(file)
        {
            WorkingDirectory = cwd, UseShellExecute = false, RedirectStandardOutput = events is not null, RedirectStandardError = events is not null,
        };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi) ?? throw new CrossbuildException($"run: cannot start {file}");
        if (events is not null)
            Task.WaitAll(Lines(process.StandardOutput, line => events.Output("stdout", line)), Lines(process.StandardError, line => events.Output("stderr", line)));
        process.WaitForExit();
        return process.ExitCode;
    }

    // Each line with its newline as it was written; a last line without one as it is.
    private static async Task Lines(StreamReader reader, Action<string> line)
    {
        var pending = new System.Text.StringBuilder();
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            var start = 0;
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != '\n') continue;
                pending.Append(buffer, start, i + 1 - start);
                line(pending.ToString());
                pending.Clear();
                start = i + 1;
            }
            pending.Append(buffer, start, read - start);
        }
        if (pending.Length > 0) line(pending.ToString());
    }
}
