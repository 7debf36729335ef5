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
        var options = new BuildOptions();
        command.Arguments.Add(patterns);
        command.Options.Add(output);
        options.AddTo(command);
        command.SetAction(result => CliApp.Guard(ctx, () =>
        {
            var cwd = CommonOptions.WorkingDirectory(result, ctx);
            var settings = options.Settings(result, cwd, result.GetValue(patterns) ?? []).SetOutput(result.GetValue(output));
            if (result.GetValue(options.DryRun))
                return PrintPlan(ctx, settings);
            var reporter = new ConsoleReporter(ctx.Err, cwd, result.GetValue(options.Verbose), result.GetValue(options.Trace));
            var built = Builder.Build(settings, reporter);
            if (result.GetValue(options.Timings))
                ctx.Err.WriteLine("crossbuild: timings: " + string.Join(", ", built.Timings.Select(t =>
                    $"{t.Key} {t.Value.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)} ms")));
            return reporter.Finish(built);
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
