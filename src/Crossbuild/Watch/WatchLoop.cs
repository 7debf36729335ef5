using Crossbuild.Diagnostics;
using Crossbuild.Load;
using Crossbuild.Work;

namespace Crossbuild.Watch;

/// <summary>What <c>crossbuild watch</c> builds, and for <c>watch run</c> what it runs.</summary>
/// <param name="Settings">The build's settings (for <c>watch run</c>, its one package; the output folder is the watch's own).</param>
/// <param name="Run">Whether to (re)start the executable after each successful build.</param>
/// <param name="ProgramArguments">The program's arguments (<c>watch run … -- args</c>).</param>
public sealed record WatchRequest(CrossbuildSettings Settings, bool Run, IReadOnlyList<string> ProgramArguments);

/// <summary>One build of a watch session.</summary>
/// <param name="Result">The build's result; null when it stopped at a load error.</param>
/// <param name="Error">The load error, one line; null when the build ran.</param>
/// <param name="Changes">What changed since the build before; null for the first build.</param>
/// <param name="Elapsed">From the first change (for the first build, the start) to the end of the build, or to the program's start.</param>
/// <param name="Started">The program started after it (<c>watch run</c>); null when none was.</param>
public sealed record WatchedBuild(BuildResult? Result, string? Error, ChangeBatch? Changes, TimeSpan Elapsed, RunningProgram? Started);

/// <summary>What a watch session tells its host.</summary>
public interface IWatchReporter
{
    /// <summary>A build starts; the reporter returned follows it.</summary>
    IBuildReporter Starting();

    /// <summary>A build ended (and, for <c>watch run</c>, the program was restarted if it succeeded).</summary>
    void Built(WatchedBuild build);

    /// <summary>The program ended by itself with <paramref name="exitCode"/>; the next successful build starts it again.</summary>
    void ProgramExited(int exitCode);
}

/// <summary>
/// <c>crossbuild watch</c>: builds, then rebuilds whenever an input of the module changes (<see cref="WatchInputs"/>),
/// one build at a time; changes during a build make one more build (<see cref="ChangeQueue"/>). The engine stays loaded
/// in this process between builds, so every build after the first compiles with a warm compiler and warm caches.
/// With <see cref="WatchRequest.Run"/>, each successful build stops the previous program and starts the new one; a
/// failed build leaves the last good program running. Builds alternate between two output folders, so the running
/// program's files are never overwritten under it.
/// </summary>
public static class WatchLoop
{
    /// <summary>Runs the session until <paramref name="cancel"/> fires, then stops the program.</summary>
    public static void Run(WatchRequest request, IWatchReporter reporter, CancellationToken cancel, ChangeQueue? queue = null)
    {
        var settings = request.Settings;
        var module = Module.Find(settings.WorkingDirectory);
        var outputs = request.Run ? Directory.CreateTempSubdirectory("crossbuild-watch-") : null;
        var inputs = new WatchInputs(module.Root, settings.Output is { } o && !request.Run ? Path.GetFullPath(o, settings.WorkingDirectory) : null);
        queue ??= new ChangeQueue();
        using var watcher = new ModuleWatcher(module.Root, inputs, queue);
        RunningProgram? program = null;
        var slot = 0;
        try
        {
            ChangeBatch? changes = null;
            var started = DateTime.UtcNow;
            while (true)
            {
                var build = settings;
                if (outputs is not null)
                    build = build.SetOutput(Path.Combine(outputs.FullName, slot == 0 ? "a" : "b") + Path.DirectorySeparatorChar);
                BuildResult? result = null;
                string? error = null;
                try
                {
                    result = Builder.Build(build, reporter.Starting(), request.Run ? TargetNeeds.One : TargetNeeds.Any, request.Run ? "run" : "build");
                }
                catch (CrossbuildException e) when (e is not StaleSourceException)
                {
                    error = e.Message;
                }
                catch (StaleSourceException)
                {
                    continue; // a file changed between the load and its compile: build again at once, as one build
                }
                inputs.Learn(result);
                RunningProgram? restarted = null;
                if (request.Run && result is { Succeeded: true })
                {
                    if (result.Apps.Count != 1)
                        throw new CrossbuildException(result.Apps.Count == 0
                            ? $"watch run: {string.Join(" ", settings.Patterns)} is not an executable package"
                            : $"watch run: {string.Join(" ", settings.Patterns)} matches {result.Apps.Count} executables; name one");
                    program?.Stop();
                    program?.Dispose();
                    program = restarted = RunningProgram.Start(result.Apps[0], request.ProgramArguments, settings.WorkingDirectory,
                        p => reporter.ProgramExited(p.ExitCode));
                    slot = 1 - slot;
                }
                reporter.Built(new WatchedBuild(result, error, changes, DateTime.UtcNow - (changes?.FirstSeen ?? started), restarted));
                changes = queue.Take(cancel);
                if (changes is null) return;
            }
        }
        finally
        {
            program?.Dispose();
            if (outputs is not null)
                try { outputs.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
