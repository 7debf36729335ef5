using System.CommandLine;
using Crossbuild.Plan;

namespace Crossbuild.Cli.Commands;

/// <summary><c>crossbuild build [patterns] [-o out]</c>: compiles packages and writes executables, as <c>go build</c>.</summary>
internal static class BuildCommand
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("build", "Compile packages and their dependencies; write executables");
        var patterns = new Argument<string[]>("packages") { Arity = ArgumentArity.ZeroOrMore, Description = "Package patterns (default: .)" };
        var output = new Option<string?>("-o") { Description = "Write the executable to this file, or every executable into this directory", HelpName = "path" };
        var json = new Option<bool>("-json") { Description = "Print the build as JSON events, one per line (docs/json.md)" };
        var trace = new Option<string?>("--trace") { Description = "Write the build's timeline in the Chrome trace event format (Perfetto, chrome://tracing)", HelpName = "file.json" };
        var options = new BuildOptions();
        command.Arguments.Add(patterns);
        command.Options.Add(output);
        command.Options.Add(json);
        command.Options.Add(trace);
        options.AddTo(command);
        command.SetAction(result => CliApp.Guard(ctx, () =>
        {
            var cwd = CommonOptions.WorkingDirectory(result, ctx);
            var settings = options.Settings(result, cwd, result.GetValue(patterns) ?? []).SetOutput(result.GetValue(output));
            if (result.GetValue(options.DryRun))
                return PrintPlan(ctx, settings);
            // -json replaces the text on both streams with events on stdout; a trace is recorded beside either.
            var events = result.GetValue(json) ? new Work.Events.JsonEventReporter(ctx.Out, cwd) : null;
            using var console = events is null ? new ConsoleReporter(ctx.Err, cwd, result.GetValue(options.Verbose), result.GetValue(options.Trace)) { Timings = result.GetValue(options.Timings) } : null;
            var timeline = result.GetValue(trace) is { } traceFile ? (Recorder: new Work.Events.TraceRecorder(), File: Path.GetFullPath(Path.Combine(cwd, traceFile))) : default;
            Work.IBuildReporter main = (Work.IBuildReporter?)events ?? console!;
            BuildResult built;
            try
            {
                built = Builder.Build(settings, timeline.Recorder is null ? main : new Work.Events.CompositeReporter(main, timeline.Recorder));
            }
            catch (Diagnostics.CrossbuildException e) when (events is not null)
            {
                return events.Fail(e.Message); // with -json, an error that stops the build is an event too
            }
            timeline.Recorder?.Write(timeline.File);
            if (result.GetValue(options.Timings) && events is null)
                ctx.Err.WriteLine("crossbuild: timings: " + string.Join(", ", built.Timings.Select(t =>
                    $"{t.Key} {t.Value.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)} ms")));
            return events?.Finish(built) ?? console!.Finish(built);
        }));
        return command;
    }

    /// <summary><c>-n</c>: the steps in the order they would run, without running them.</summary>
    public static int PrintPlan(CliContext ctx, CrossbuildSettings settings, Load.TargetNeeds needs = Load.TargetNeeds.Any, string verb = "build")
    {
        var graph = Builder.Plan(settings, needs, verb);
        var seen = new HashSet<BuildAction>(ReferenceEqualityComparer.Instance);
        void Visit(BuildAction a)
        {
            if (!seen.Add(a)) return;
            foreach (var input in a.Inputs) Visit(input);
            ctx.Out.WriteLine(a.Describe());
        }
        foreach (var root in graph.Roots) Visit(root);
        return 0;
    }
}
