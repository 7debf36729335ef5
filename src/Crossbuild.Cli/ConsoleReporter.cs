using Crossbuild.Diagnostics;
using Crossbuild.Load;
using Crossbuild.Plan;
using Crossbuild.Work;

namespace Crossbuild.Cli;

/// <summary>
/// Prints a build's progress on stderr: <c>-v</c> package Dirs, <c>-x</c> steps, and diagnostics as csc does; on an
/// interactive terminal also a live status line (<see cref="ProgressLine"/>), erased before each of those lines and
/// when the build's run stage ends.
/// </summary>
internal sealed class ConsoleReporter : IBuildReporter, IDisposable
{
    private readonly Lock _lock = new();
    private readonly TextWriter err;
    private readonly string workingDirectory;
    private readonly bool verbose, trace;
    private readonly ProgressLine? _progress;

    public ConsoleReporter(TextWriter err, string workingDirectory, bool verbose, bool trace)
    {
        this.err = err;
        this.workingDirectory = workingDirectory;
        this.verbose = verbose;
        this.trace = trace;
        _progress = GitHub.WorkflowCommands.Active ? null : ProgressLine.ForTerminal(err, _lock);
    }

    /// <summary>Whether <c>--timings</c> was given: the remote cache's numbers print as with <c>-v</c>.</summary>
    public bool Timings { get; init; }

    public void RemoteCacheUsed(Crossbuild.Cache.Remote.RemoteCacheStats stats)
    {
        if (!verbose && !Timings) return;
        lock (_lock) Lines($"crossbuild: remote cache {stats.Url}: {stats.Describe()}");
    }

    // Writes lines with the progress line out of the way (the lock is held).
    private void Lines(params string[] lines)
    {
        _progress?.Clear();
        foreach (var line in lines) err.WriteLine(line);
        _progress?.Redraw();
    }

    public void Planned(int compiles) => _progress?.Planned(compiles);

    public void ActionStarted(BuildAction action, int lane) => _progress?.Started(action);

    public void ActionFinished(BuildAction action, ActionResult result, int lane) => _progress?.Finished(action, result);

    public void StageFinished(string stage, double milliseconds)
    {
        if (stage == "run") _progress?.Dispose(); // what follows the build (a program, tests) gets a clean line
    }

    public void Compiling(Package package)
    {
        if (!verbose) return;
        lock (_lock) Lines(package.Dir);
    }

    public void Running(BuildAction action)
    {
        if (!trace) return;
        lock (_lock) Lines(action.Describe());
    }

    public void Removed(string path)
    {
        if (!trace) return;
        lock (_lock) Lines("rm " + PathDisplay.Relative(workingDirectory, path));
    }

    public void Notice(string message)
    {
        lock (_lock) Lines("crossbuild: " + message);
    }

    public void CacheProblem(string message)
    {
        lock (_lock) Lines("crossbuild: cache: " + message);
    }

    public void Diagnostics(Package package, IReadOnlyList<BuildDiagnostic> diagnostics)
    {
        if (diagnostics.Count == 0) return;
        // In GitHub Actions the diagnostics come out grouped per target and package at the end, as annotations.
        if (GitHub.WorkflowCommands.Active) return;
        lock (_lock)
            // A header per package, as go build prints "# pkg"; canonical-format parsers skip it.
            Lines([$"# {package.Dir}", .. diagnostics.Select(d => d.Format(workingDirectory))]);
    }

    /// <summary>Prints load errors and returns the exit code for <paramref name="result"/>.</summary>
    public int Finish(BuildResult result)
    {
        _progress?.Dispose();
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

    /// <summary>
    /// Stops the progress line, also when the build ended by an exception (a cancelled or failed build never
    /// reaches the run stage's end); in the build server its timer must not outlive the command's streams.
    /// </summary>
    public void Dispose() => _progress?.Dispose();
}
