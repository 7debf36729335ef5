using Crossbuild.Diagnostics;
using Crossbuild.Load;
using Crossbuild.Plan;
using Crossbuild.Work;

namespace Crossbuild.Cli;

/// <summary>Prints a build's progress on stderr: <c>-v</c> package Dirs, <c>-x</c> steps, and diagnostics as csc does.</summary>
internal sealed class ConsoleReporter(TextWriter err, string workingDirectory, bool verbose, bool trace) : IBuildReporter
{
    private readonly Lock _lock = new();

    public void Compiling(Package package)
    {
        if (!verbose) return;
        lock (_lock) err.WriteLine(package.Dir);
    }

    public void Running(BuildAction action)
    {
        if (!trace) return;
        lock (_lock) err.WriteLine(action.Describe());
    }

    public void Removed(string path)
    {
        if (!trace) return;
        lock (_lock) err.WriteLine("rm " + PathDisplay.Relative(workingDirectory, path));
    }

    public void Notice(string message)
    {
        lock (_lock) err.WriteLine("crossbuild: " + message);
    }

    public void CacheProblem(string message)
    {
        lock (_lock) err.WriteLine("crossbuild: cache: " + message);
    }

    public void Diagnostics(Package package, IReadOnlyList<BuildDiagnostic> diagnostics)
    {
        if (diagnostics.Count == 0) return;
        // In GitHub Actions the diagnostics come out grouped per target and package at the end, as annotations.
        if (GitHub.WorkflowCommands.Active) return;
        lock (_lock)
        {
            // A header per package, as go build prints "# pkg"; canonical-format parsers skip it.
            err.WriteLine($"# {package.Dir}");
            foreach (var d in diagnostics)
                err.WriteLine(d.Format(workingDirectory));
        }
    }

    /// <summary>Prints load errors and returns the exit code for <paramref name="result"/>.</summary>
    public int Finish(BuildResult result)
    {
        if (GitHub.WorkflowCommands.Active) GitHubReport(result);
        foreach (var e in result.Errors)
            err.WriteLine(CliApp.FormatError(e));
        return result.Succeeded ? 0 : 1;
    }

    // One group per target and package (what was compiled or came from the cache), each diagnostic an annotation
    // on its file, and a table of the outputs in the step summary.
    private void GitHubReport(BuildResult result)
    {
        foreach (var target in result.Targets)
            foreach (var package in target.Packages)
            {
                err.WriteLine(GitHub.WorkflowCommands.Group($"{target.Target}: {package.Dir} ({(package.CacheHit ? "cache" : "compiled")})"));
                foreach (var d in package.Diagnostics)
                    err.WriteLine(GitHub.WorkflowCommands.Annotation(d, workingDirectory));
                err.WriteLine(GitHub.WorkflowCommands.EndGroup);
            }
        GitHub.WorkflowCommands.AppendSummary(GitHub.WorkflowCommands.Summary(result));
    }
}
