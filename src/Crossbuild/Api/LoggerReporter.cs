using Crossbuild.Diagnostics;
using Crossbuild.Load;
using Crossbuild.Plan;
using Crossbuild.Work;
using Microsoft.Extensions.Logging;

namespace Crossbuild;

/// <summary>
/// Reports a build through <see cref="ILogger"/>, so each host routes it to its own log (Serilog under Nuke,
/// <c>ICakeLog</c> under Cake): compiles at Information, steps at Debug, warnings and errors as such, in the
/// canonical <c>path(line,col): warning CS0168: …</c> form relative to the working directory.
/// </summary>
/// <param name="logger">Where messages go.</param>
/// <param name="workingDirectory">What paths are printed relative to.</param>
public sealed class LoggerReporter(ILogger logger, string workingDirectory) : IBuildReporter
{
    /// <inheritdoc/>
    public void Compiling(Package package) => logger.LogInformation("compile {Package}", package.Dir);

    /// <inheritdoc/>
    public void Running(BuildAction action) => logger.LogDebug("{Action}", action.Describe());

    /// <inheritdoc/>
    public void Notice(string message) => logger.LogWarning("{Notice}", message);

    /// <inheritdoc/>
    public void RemoteCacheUsed(Cache.Remote.RemoteCacheStats stats) => logger.LogInformation("remote cache {Url}: {Stats}", stats.Url, stats.Describe());

    /// <inheritdoc/>
    public void Removed(string path) => logger.LogDebug("removed {Path}, which this build no longer produces", path);

    /// <inheritdoc/>
    public void CacheProblem(string message) => logger.LogWarning("cache: {Problem}", message);

    /// <inheritdoc/>
    public void Diagnostics(Package package, IReadOnlyList<BuildDiagnostic> diagnostics)
    {
        foreach (var d in diagnostics)
            if (d.IsError) logger.LogError("{Diagnostic}", d.Format(workingDirectory));
            else logger.LogWarning("{Diagnostic}", d.Format(workingDirectory));
    }
}
