using System.CommandLine;
using Crossbuild.Diagnostics;
using Crossbuild.Test;

namespace Crossbuild.Cli.Commands;

/// <summary>
/// <c>crossbuild test [patterns] [build flags] [-run regex] [-count n] [-v] [-json] [-timeout d] [-failfast] [--junit file]</c>,
/// as <c>go test</c>: one line per package, failures above their package's line, exit code 1 when anything fails.
/// </summary>
internal static class TestCommand
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("test", "Build and run the tests of packages (their _test.cs files)");
        var patterns = new Argument<string[]>("packages") { Arity = ArgumentArity.ZeroOrMore, Description = "Package patterns (default: .)" };
        var run = new Option<string?>("-run") { Description = "Run only tests whose fully qualified name matches this regular expression", HelpName = "regex" };
        var count = new Option<int?>("-count") { Description = "Run each package's tests n times; -count 1 bypasses the result cache", HelpName = "n" };
        var json = new Option<bool>("-json") { Description = "Print go test -json events, one JSON object per line" };
        var timeout = new Option<string?>("-timeout") { Description = "Stop a package's tests after this long (default 10m)", HelpName = "d" };
        var failFast = new Option<bool>("-failfast") { Description = "Do not start new tests after the first failure" };
        var junit = new Option<string?>("--junit") { Description = "Also write the results as JUnit XML to this file", HelpName = "file" };
        var options = new BuildOptions();
        command.Arguments.Add(patterns);
        foreach (var o in new Option[] { run, count, json, timeout, failFast, junit }) command.Options.Add(o);
        options.AddTo(command);
        command.SetAction(result =>
        {
            TestOptions testOptions;
            try
            {
                testOptions = TestOptions.Default.SetRun(result.GetValue(run)).SetCount(result.GetValue(count)).SetFailFast(result.GetValue(failFast));
                if (result.GetValue(timeout) is { } t) testOptions = testOptions.SetTimeout(TestOptions.ParseDuration(t));
            }
            catch (CrossbuildException e)
            {
                ctx.Err.WriteLine(CliApp.FormatError(e.Message));
                return CliApp.ExitUsage;
            }
            return CliApp.Guard(ctx, () =>
            {
                var cwd = CommonOptions.WorkingDirectory(result, ctx);
                var settings = options.Settings(result, cwd, result.GetValue(patterns) ?? []);
                var verbose = result.GetValue(options.Verbose);
                var asJson = result.GetValue(json);
                using var reporter = new ConsoleReporter(ctx.Err, cwd, verbose: false, result.GetValue(options.Trace));
                string Show(string path) => Path.GetRelativePath(cwd, path).Replace('\\', '/');
                var run = Tester.Test(settings, testOptions, reporter, r =>
                {
                    var lines = asJson ? TestReports.JsonEvents(r, DateTimeOffset.Now, Show) : TestReports.Lines(r, verbose, Show);
                    foreach (var line in lines) ctx.Out.WriteLine(line);
                });
                if (result.GetValue(junit) is { } file)
                    Common.AtomicFile.Write(Path.GetFullPath(Path.Combine(cwd, file)), System.Text.Encoding.UTF8.GetBytes(TestReports.JUnitText(run.Packages)));
                if (GitHub.WorkflowCommands.Active) GitHubReport(ctx, run, cwd);
                reporter.Finish(run.Build);
                if (run.Packages.Any(p => p.Status == TestStatus.Failed || p.Status == TestStatus.BuildFailed) || !run.Build.Succeeded && run.Build.Errors.Count > 0)
                {
                    if (!asJson) ctx.Out.WriteLine("FAIL");
                    return CliApp.ExitFailure;
                }
                return 0;
            });
        });
        return command;
    }

    // Each failing test an error annotation at its failing assertion; a table of packages in the step summary.
    private static void GitHubReport(CliContext ctx, TestRunResult run, string cwd)
    {
        foreach (var p in run.Packages)
            foreach (var t in p.Tests.Where(t => t.Outcome == TestOutcome.Failed))
                ctx.Err.WriteLine(GitHub.WorkflowCommands.TestFailure(t, p.Package, cwd));
        GitHub.WorkflowCommands.AppendSummary(GitHub.WorkflowCommands.Summary(run));
    }
}
