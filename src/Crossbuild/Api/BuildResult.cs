using Crossbuild.Diagnostics;

namespace Crossbuild;

/// <summary>The outcome of a build.</summary>
/// <param name="Succeeded">Whether every package compiled and every output was written.</param>
/// <param name="Errors">Load errors, one line each (compile errors are in <paramref name="Diagnostics"/>).</param>
/// <param name="Diagnostics">Compiler errors and warnings of every package.</param>
/// <param name="Compiled">The Dirs of the packages actually compiled (cache misses), in dependency order.</param>
/// <param name="Cached">The Dirs of the packages found in the cache.</param>
/// <param name="Apps">The executables written.</param>
public sealed record BuildResult(bool Succeeded, IReadOnlyList<string> Errors, IReadOnlyList<BuildDiagnostic> Diagnostics,
    IReadOnlyList<string> Compiled, IReadOnlyList<string> Cached, IReadOnlyList<BuiltApp> Apps)
{
    /// <summary>Per target: each package (cache hit or not, diagnostics) and each executable with its files.</summary>
    public IReadOnlyList<TargetResult> Targets { get; init; } = [];

    /// <summary>How long each stage took, in order: <c>load</c>, <c>vcs</c> (waiting for git), <c>deps</c>, <c>plan</c>, <c>run</c> (milliseconds).</summary>
    public IReadOnlyList<KeyValuePair<string, double>> Timings { get; init; } = [];

    /// <summary>What the build did with the shared remote cache; null when it used none.</summary>
    public Cache.Remote.RemoteCacheStats? RemoteCache { get; init; }
}
