using Crossbuild.Diagnostics;
using Crossbuild.Load;
using Crossbuild.Plan;

namespace Crossbuild.Work.Events;

/// <summary>Passes every event to each of <paramref name="reporters"/>, in order (the text output, a trace, …).</summary>
/// <param name="reporters">The reporters.</param>
public sealed class CompositeReporter(params IBuildReporter[] reporters) : IBuildReporter
{
    /// <inheritdoc/>
    public void Compiling(Package package) { foreach (var r in reporters) r.Compiling(package); }

    /// <inheritdoc/>
    public void Running(BuildAction action) { foreach (var r in reporters) r.Running(action); }

    /// <inheritdoc/>
    public void Removed(string path) { foreach (var r in reporters) r.Removed(path); }

    /// <inheritdoc/>
    public void Notice(string message) { foreach (var r in reporters) r.Notice(message); }

    /// <inheritdoc/>
    public void CacheProblem(string message) { foreach (var r in reporters) r.CacheProblem(message); }

    /// <inheritdoc/>
    public void Diagnostics(Package package, IReadOnlyList<BuildDiagnostic> diagnostics) { foreach (var r in reporters) r.Diagnostics(package, diagnostics); }

    /// <inheritdoc/>
    public void ActionStarted(BuildAction action, int lane) { foreach (var r in reporters) r.ActionStarted(action, lane); }

    /// <inheritdoc/>
    public void ActionFinished(BuildAction action, ActionResult result, int lane) { foreach (var r in reporters) r.ActionFinished(action, result, lane); }

    /// <inheritdoc/>
    public void StageFinished(string stage, double milliseconds) { foreach (var r in reporters) r.StageFinished(stage, milliseconds); }

    /// <inheritdoc/>
    public void Planned(int compiles) { foreach (var r in reporters) r.Planned(compiles); }

    /// <inheritdoc/>
    public void Wrote(string path) { foreach (var r in reporters) r.Wrote(path); }
}
