using Crossbuild.Common;
using Crossbuild.Diagnostics;
using Crossbuild.Load;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Crossbuild;

/// <summary>A build that failed: its result, with every diagnostic, for hosts that show or inspect it.</summary>
/// <param name="result">The failed build's result.</param>
/// <param name="message">One line saying what failed.</param>
public sealed class CrossbuildBuildException(BuildResult result, string message) : CrossbuildException(message)
{
    /// <summary>The failed build's result.</summary>
    public BuildResult Result { get; } = result;
}

/// <summary>Thrown by <see cref="CrossbuildTasks.Test(CrossbuildSettings, Test.TestOptions?)"/> when a test fails or a package does not build.</summary>
/// <param name="result">The run's result.</param>
/// <param name="message">One line.</param>
public sealed class CrossbuildTestException(Test.TestRunResult result, string message) : CrossbuildException(message)
{
    /// <summary>The failed run's result: per package its status, counts and failing tests.</summary>
    public Test.TestRunResult Result { get; } = result;
}

/// <summary>A package as <see cref="CrossbuildTasks.List(Func{CrossbuildSettings, CrossbuildSettings})"/> reports it.</summary>
/// <param name="Dir">The module-relative directory.</param>
/// <param name="Name">The assembly name.</param>
/// <param name="Kind">exe or lib.</param>
/// <param name="Files">The files selected for the target.</param>
/// <param name="Imports">The Dirs of the packages it imports.</param>
/// <param name="Error">Why it cannot be built, if it cannot.</param>
public sealed record PackageInfo(string Dir, string Name, PackageKind Kind, IReadOnlyList<string> Files, IReadOnlyList<string> Imports, string? Error);

/// <summary>
/// Crossbuild's entry points for build scripts, in the shape of Nuke's tasks (<c>DotNetTasks.DotNetBuild(_ =&gt; _…)</c>):
/// each takes a function that configures <see cref="CrossbuildSettings"/>, runs in process, logs through
/// <see cref="Logger"/> and returns typed results. A failed build throws <see cref="CrossbuildBuildException"/> after
/// logging its diagnostics, so the calling target fails.
/// </summary>
public static class CrossbuildTasks
{
    /// <summary>Where builds log; hosts set it (the Nuke host to Serilog, the Cake host to <c>ICakeLog</c>).</summary>
    public static ILogger Logger { get; set; } = NullLogger.Instance;

    /// <summary>Builds what <paramref name="configure"/> describes.</summary>
    public static BuildResult Build(Func<CrossbuildSettings, CrossbuildSettings> configure) => Build(configure(new CrossbuildSettings()));

    /// <summary>Builds each of the settings <paramref name="configure"/> expands to (see <see cref="CrossbuildSettings.CombineWith{T}"/>), in order.</summary>
    public static IReadOnlyList<BuildResult> Build(Func<CrossbuildSettings, IEnumerable<CrossbuildSettings>> configure) =>
        configure(new CrossbuildSettings()).Select(Build).ToArray();

    /// <summary>Builds <paramref name="settings"/>.</summary>
    public static BuildResult Build(CrossbuildSettings settings)
    {
        var result = Guarded(settings, () => Builder.Build(settings, new LoggerReporter(Logger, settings.WorkingDirectory)));
        foreach (var e in result.Errors) Logger.LogError("{Error}", e);
        foreach (var t in result.Targets)
        {
            var hits = t.Packages.Count(p => p.CacheHit);
            Logger.LogInformation("{Target}: {Packages} packages ({Hits} from the cache), {Apps} executables",
                t.Target.ToString(), t.Packages.Count, hits, t.Apps.Count);
        }
        if (!result.Succeeded)
        {
            var errors = result.Diagnostics.Count(d => d.IsError) + result.Errors.Count;
            throw new CrossbuildBuildException(result, $"crossbuild: build failed with {errors} error(s)");
        }
        return result;
    }

    /// <summary>
    /// Builds and runs the tests of the packages <paramref name="settings"/> match (<c>crossbuild test</c>), logging
    /// go test's lines; returns each package's typed result, or throws <see cref="CrossbuildTestException"/> (with it)
    /// when a test fails or a package does not build.
    /// </summary>
    public static Test.TestRunResult Test(CrossbuildSettings settings, Test.TestOptions? options = null)
    {
        var run = Guarded(settings, () => Crossbuild.Test.Tester.Test(settings, options ?? Crossbuild.Test.TestOptions.Default,
            new LoggerReporter(Logger, settings.WorkingDirectory),
            r =>
            {
                foreach (var line in Crossbuild.Test.TestReports.Lines(r, verbose: false, p => Path.GetRelativePath(settings.WorkingDirectory, p).Replace('\\', '/')))
                    Logger.LogInformation("{Line}", line);
            }));
        foreach (var e in run.Build.Errors) Logger.LogError("{Error}", e);
        if (!run.Succeeded)
        {
            var failed = run.Packages.Count(p => p.Status is Crossbuild.Test.TestStatus.Failed or Crossbuild.Test.TestStatus.BuildFailed);
            throw new CrossbuildTestException(run, $"crossbuild: tests failed in {failed} package(s){(run.Build.Errors.Count > 0 ? $", {run.Build.Errors.Count} load error(s)" : "")}");
        }
        return run;
    }

    /// <summary>Builds and runs the tests of the settings <paramref name="configure"/> makes (see <see cref="Test(CrossbuildSettings, Test.TestOptions?)"/>).</summary>
    public static Test.TestRunResult Test(Func<CrossbuildSettings, CrossbuildSettings> configure, Test.TestOptions? options = null) =>
        Test(configure(new CrossbuildSettings()), options);

    /// <summary>
    /// Builds and packs a release (<c>crossbuild release</c>): an archive per executable and runtime, a nupkg and
    /// snupkg per library, SHA256SUMS and release.json in <paramref name="options"/>' folder.
    /// </summary>
    public static Release.ReleaseResult Release(Func<CrossbuildSettings, CrossbuildSettings> configure, Release.ReleaseOptions options)
    {
        var settings = configure(new CrossbuildSettings());
        var released = Guarded(settings, () => Crossbuild.Release.Releaser.Release(settings, options, new LoggerReporter(Logger, settings.WorkingDirectory)));
        foreach (var w in released.Warnings) Logger.LogWarning("{Warning}", w);
        foreach (var a in released.Artifacts)
            Logger.LogInformation("{Artifact} ({Rid}) {Size} bytes sha256:{Hash}", a.Name, a.Rid ?? a.Kind, a.Size, a.Sha256[..16]);
        return released;
    }

    /// <summary>
    /// The packages <paramref name="configure"/>'s patterns match, loaded for its target. Like <c>crossbuild list</c>,
    /// it takes exactly one target; more is an error naming them.
    /// </summary>
    public static IReadOnlyList<PackageInfo> List(Func<CrossbuildSettings, CrossbuildSettings> configure)
    {
        var settings = configure(new CrossbuildSettings());
        return Guarded(settings, () => Builder.Load(settings, TargetNeeds.One, "list").Targets[0].Matched
            .Select(p => new PackageInfo(p.Dir, p.Name, p.Kind, p.Files, p.Imports, p.Error))
            .ToArray());
    }

    /// <summary>
    /// Every file a build of <paramref name="settings"/> depends on: the module's crossbuild.json and lock file, and
    /// for each matched package and what it imports, for every target, all its .cs files (also those constraints
    /// leave out, which other targets select) and its own crossbuild.json. For content-addressed up-to-date checks
    /// (<see cref="TargetStamps"/>).
    /// </summary>
    public static IReadOnlyList<string> Inputs(CrossbuildSettings settings) => Guarded(settings, () => InputsOf(Builder.Load(settings)));

    private static IReadOnlyList<string> InputsOf(ModuleLoad loaded)
    {
        var module = loaded.Module;
        var files = new List<string>
        {
            Path.Combine(module.Root, ModuleManifest.FileName),
            Path.Combine(module.Root, Deps.LockFile.FileName),
        };
        foreach (var p in loaded.Targets.SelectMany(t => t.Closure))
        {
            files.AddRange(p.Files.Concat(p.IgnoredFiles).Select(f => Path.GetFullPath(Path.Combine(p.FullDir, f))));
            files.AddRange(p.OtherInputs);
            files.Add(Path.Combine(p.FullDir, ModuleManifest.FileName));
        }
        return files.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>
    /// The engine's up-to-date key for a build-script target that builds <paramref name="settings"/>: hashed now,
    /// before the target runs, from every input file (<see cref="Inputs(CrossbuildSettings)"/>) and every setting
    /// that can change what the build writes (<see cref="CrossbuildSettings.StampLines"/>: patterns, targets,
    /// <c>-X</c> values, trimpath, buildvcs and the commit when executables are stamped, self-contained,
    /// single-file, the output location, the tool version). The Nuke and Cake hosts skip a target when
    /// <see cref="TargetStamps.IsUpToDate"/> says so, and record <see cref="TargetStamps.Succeeded"/> after it ran.
    /// </summary>
    /// <param name="settings">What the target builds.</param>
    /// <param name="target">The target's name (one stamp per name).</param>
    public static TargetInputs Stamp(CrossbuildSettings settings, string target) => Guarded(settings, () =>
    {
        var loaded = Builder.Load(settings);
        var lines = settings.StampLines(loaded);
        return new TargetStamps(settings.CacheDirectory).Hash(target, InputsOf(loaded),
            settings.Output is { } output ? [Path.GetFullPath(Path.Combine(settings.WorkingDirectory, output))] : [], lines);
    });

    // User errors pass as they are; anything else is a bug: logged to a crash file and thrown as one line.
    private static T Guarded<T>(CrossbuildSettings settings, Func<T> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is not CrossbuildException)
        {
            throw InternalError.AsUserError(e) ?? (Exception)InternalError.Report(e, settings.CacheDirectory);
        }
    }

    /// <summary>
    /// A key for a CI cache of the build cache (<c>actions/cache</c>): <c>crossbuild-&lt;host RID&gt;-&lt;hash&gt;</c>, where
    /// the hash covers the tool and compiler versions, the targets and every input of
    /// <see cref="Inputs(CrossbuildSettings)"/> by module-relative path and content. It changes exactly when those change, and is the same in every checkout of the same commit.
    /// </summary>
    public static string CacheKey(CrossbuildSettings settings) => Guarded(settings, () =>
    {
        var loaded = Builder.Load(settings);
        var id = new ActionIdBuilder()
            .Add("action", "ci-cache-key 2")
            .Add("tool", ToolVersion.Crossbuild)
            .Add("roslyn", ToolVersion.Roslyn)
            .Add("host", Targets.RidCatalog.Host.Value);
        // The targets (framework, runtime, configuration, tags) decide what the cache holds, so -c, --tags and -f count.
        foreach (var t in loaded.Targets) id.Add("target", t.Target.ToString());
        foreach (var file in InputsOf(loaded))
            id.Add("file", Path.GetRelativePath(loaded.Module.Root, file).Replace('\\', '/') + " " + Common.ContentHash.OfFileOrMissing(file));
        return $"crossbuild-{Targets.RidCatalog.Host.Value}-{id.Id[..32]}";
    });

    /// <summary>Empties the build cache <paramref name="configure"/> names (<c>crossbuild clean -cache</c>); returns its folder.</summary>
    public static string Clean(Func<CrossbuildSettings, CrossbuildSettings> configure)
    {
        var settings = configure(new CrossbuildSettings());
        var cache = new Cache.BuildCache(Env.CacheLocation.Resolve(settings.CacheDirectory));
        cache.Clean();
        Logger.LogInformation("cleaned the build cache in {Cache}", cache.Root);
        return cache.Root;
    }
}
