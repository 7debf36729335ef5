using Crossbuild.Diagnostics;
using Crossbuild.Load;
using Crossbuild.Plan;

namespace Crossbuild.Work;

/// <summary>What a build tells its host as it runs. Calls may come from several threads at once.</summary>
public interface IBuildReporter
{
    /// <summary>A package starts compiling because the cache did not have it (<c>-v</c> prints its Dir).</summary>
    void Compiling(Package package) { }

    /// <summary>An action starts (<c>-x</c> prints it).</summary>
    void Running(BuildAction action) { }

    /// <summary>An output file that an earlier build wrote and this one no longer produces was removed.</summary>
    void Removed(string path) { }

    /// <summary>Something was wrong and has been repaired (a damaged package extracted again): one line.</summary>
    void Notice(string message) { }

    /// <summary>A cache entry failed verification and is being rebuilt.</summary>
    void CacheProblem(string message) { }

    /// <summary>A package finished compiling (or was found in the cache) with these errors and warnings.</summary>
    void Diagnostics(Package package, IReadOnlyList<BuildDiagnostic> diagnostics) { }

    /// <summary>
    /// The executor starts <paramref name="action"/> on worker <paramref name="lane"/> (1 to <c>-p</c>), once its
    /// inputs are done; it may still be a cache hit.
    /// </summary>
    void ActionStarted(BuildAction action, int lane) { }

    /// <summary><paramref name="action"/> finished on worker <paramref name="lane"/> with <paramref name="result"/>.</summary>
    void ActionFinished(BuildAction action, ActionResult result, int lane) { }

    /// <summary>A stage of the build (load, vcs, deps, plan, run) ended after <paramref name="milliseconds"/>; they run in that order.</summary>
    void StageFinished(string stage, double milliseconds) { }

    /// <summary>The plan is made: <paramref name="compiles"/> compile actions will run (or come from the cache).</summary>
    void Planned(int compiles) { }

    /// <summary>An install wrote (or replaced) the file at <paramref name="path"/>.</summary>
    void Wrote(string path) { }

    /// <summary>The build used the shared remote cache, with this outcome (once, after its uploads finished).</summary>
    void RemoteCacheUsed(Cache.Remote.RemoteCacheStats stats) { }
}

/// <summary>A reporter that reports nothing.</summary>
public sealed class SilentReporter : IBuildReporter
{
    /// <summary>The shared instance.</summary>
    public static readonly SilentReporter Instance = new();
}
