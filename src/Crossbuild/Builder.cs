using Crossbuild.Diagnostics;
using Crossbuild.Load;
using Crossbuild.Plan;
using Crossbuild.Work;

namespace Crossbuild;

/// <summary>An executable written by a build.</summary>
/// <param name="PackageDir">The package's Dir.</param>
/// <param name="Name">The assembly name.</param>
/// <param name="AppHostPath">The native launcher's full path.</param>
/// <param name="AssemblyPath">The app assembly's full path (for <c>dotnet &lt;path&gt;</c>).</param>
public sealed record BuiltApp(string PackageDir, string Name, string AppHostPath, string AssemblyPath)
{
    /// <summary>The runtime identifier the app was built for.</summary>
    public string Runtime { get; init; } = "";

    /// <summary>Every file written for the app (the launcher last), full paths.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];
}

/// <summary>What a build did with one package for one target.</summary>
/// <param name="Dir">The package's module-relative directory.</param>
/// <param name="Name">Its assembly name.</param>
/// <param name="Kind">exe or lib.</param>
/// <param name="CacheHit">Whether the build cache had it (no compile ran).</param>
/// <param name="Succeeded">Whether it compiled.</param>
/// <param name="Diagnostics">Its compiler errors and warnings.</param>
public sealed record PackageResult(string Dir, string Name, PackageKind Kind, bool CacheHit, bool Succeeded,
    IReadOnlyList<BuildDiagnostic> Diagnostics)
{
    /// <summary>The implementation assembly, when the build kept it (an executable's part, or <c>KeepLibraries</c>).</summary>
    public byte[]? Image { get; init; }

    /// <summary>The portable PDB, alongside <see cref="Image"/>.</summary>
    public byte[]? Pdb { get; init; }
}

/// <summary>One target's part of a build: its packages and the executables written for it.</summary>
/// <param name="Target">The target (framework, runtime, configuration, tags).</param>
/// <param name="Packages">Every package compiled for it, dependencies first.</param>
/// <param name="Apps">The executables written for it.</param>
public sealed record TargetResult(Targets.Target Target, IReadOnlyList<PackageResult> Packages, IReadOnlyList<BuiltApp> Apps);

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
}

/// <summary>
/// The build pipeline, as <c>go build</c>: load the module for the target, plan the action graph, run it.
/// Hosts call this; it never writes to the console.
/// </summary>
public static class Builder
{
    /// <summary>Plans <paramref name="settings"/> without running anything (<c>-n</c>).</summary>
    public static ActionGraph Plan(CrossbuildSettings settings) => Prepare(settings, []).Graph;

    /// <summary>Builds what <paramref name="settings"/> name. User errors throw <see cref="CrossbuildException"/>.</summary>
    public static BuildResult Build(CrossbuildSettings settings, IBuildReporter? reporter = null)
    {
        var timings = new List<KeyValuePair<string, double>>();
        var (graph, errors) = Prepare(settings, timings);
        if (errors.Count > 0)
            return new BuildResult(false, errors, [], [], [], []) { Timings = timings };
        var run = System.Diagnostics.Stopwatch.StartNew();
        var cache = new Cache.BuildCache(Env.CacheLocation.Resolve(settings.CacheDirectory));
        IReadOnlyDictionary<Plan.BuildAction, ActionResult> results;
        try
        {
            results = new Executor(settings.Jobs, reporter ?? SilentReporter.Instance, cache, settings.Force).Run(graph.Roots);
        }
        catch (StaleSourceException)
        {
            // The stat cache may be what was wrong (a file replaced with the same size and mtime): start afresh.
            FactsCache.ForgetAll(cache.Root);
            throw;
        }

        var diagnostics = new List<BuildDiagnostic>();
        var compiled = new List<string>();
        var cached = new List<string>();
        foreach (var compile in graph.Compiles)
            if (results[compile] is CompileResult r)
            {
                (r.Assembly.FromCache ? cached : compiled).Add(compile.Package.Dir);
                diagnostics.AddRange(r.Assembly.Diagnostics);
            }
        BuiltApp App(InstallAction i) =>
            new(i.App.Main.Package.Dir, i.App.Main.Package.Name, ((InstallResult)results[i]).AppHostPath,
                Path.Combine(i.Directory, i.App.Main.Package.Name + ".dll"))
            {
                Runtime = i.App.Target.Runtime.Value,
                Files = ((InstallResult)results[i]).Paths,
            };
        var apps = graph.Installs.Where(i => results[i] is InstallResult).Select(App).ToArray();
        var targets = graph.Targets.Select(t => new TargetResult(t.Target,
            t.Compiles.Select(c => results.GetValueOrDefault(c) is CompileResult r
                ? new PackageResult(c.Package.Dir, c.Package.Name, c.Package.Kind, r.Assembly.FromCache, r.Assembly.Succeeded, r.Assembly.Diagnostics)
                {
                    Image = r.Assembly.ImageIfAvailable,
                    Pdb = r.Assembly.PdbIfAvailable,
                }
                : new PackageResult(c.Package.Dir, c.Package.Name, c.Package.Kind, false, false, [])).ToArray(),
            t.Installs.Where(i => results.GetValueOrDefault(i) is InstallResult).Select(App).ToArray())).ToArray();
        var ok = graph.Roots.All(a => results[a].Succeeded);
        timings.Add(new("run", run.Elapsed.TotalMilliseconds));
        cache.TrimIfDue();
        return new BuildResult(ok, [], diagnostics, compiled, cached, apps) { Timings = timings, Targets = targets };
    }

    private static (ActionGraph Graph, IReadOnlyList<string> Errors) Prepare(CrossbuildSettings settings, List<KeyValuePair<string, double>> timings)
    {
        var stage = System.Diagnostics.Stopwatch.StartNew();
        void Done(string name)
        {
            timings.Add(new(name, stage.Elapsed.TotalMilliseconds));
            stage.Restart();
        }
        Common.ContentHash.WarmUp();
        var module = Module.Find(settings.WorkingDirectory);
        // git runs beside loading when an executable will probably be written; stamping needs it only then.
        var vcsTask = settings.Output is not null && settings.BuildVcs != BuildVcs.False
            ? Task.Run(() => VcsStamp.Read(module.Root, settings.BuildVcs))
            : null;
        var cacheDir = Env.CacheLocation.Resolve(settings.CacheDirectory);
        var plans = new List<TargetPlan>();
        var errors = new List<string>();
        foreach (var (target, folder) in settings.ResolveTargets(module))
        {
            var load = Loader.Load(module, target, settings.WorkingDirectory, cacheDir);
            var matched = PackagePattern.Match(load, settings.Patterns, settings.WorkingDirectory);
            var closure = load.WithDependencies(matched);
            errors.AddRange(closure.Where(p => p.Error is not null).Select(p => p.Error!));
            var destinations = OutputLayout.Decide(matched, settings.Output, settings.WorkingDirectory, folder is not null);
            if (folder is not null)
                destinations = destinations.Select(d => d with
                {
                    Directory = Path.Combine(d.Directory, folder),
                    AppHostName = d.AppHostName + (target.Runtime.Os == "win" ? ".exe" : ""),
                }).ToArray();
            plans.Add(new TargetPlan(load, matched, destinations, folder is not null));
        }
        Done("load");
        if (errors.Count > 0)
            return (new ActionGraph([], [], []), errors.Distinct().ToArray());

        var all = plans.SelectMany(p => p.Destinations.Select(d => (p, d))).ToArray();
        OutputLayout.Check(all.Select(x => x.d).ToArray(),
            d => all.First(x => x.d == d).p.Load.WithDependencies([d.Package]).Where(p => p != d.Package).Select(p => p.Name),
            settings.WorkingDirectory);
        // Executables are stamped with git state only when written, as Go stamps at link time: building without
        // writing then needs no git, and a new commit recompiles only executables that are written.
        var vcs = all.Length == 0 ? null : (vcsTask ?? Task.FromResult(VcsStamp.Read(module.Root, settings.BuildVcs))).GetAwaiter().GetResult();
        Done("vcs");
        // Packages resolve once for the module, for every framework the targets use, before anything is planned.
        var deps = plans.Count == 0 ? Deps.ModuleDependencies.None
            : Deps.DependencyService.Ensure(plans[0].Load, plans.Select(p => p.Load.Target.Framework), settings.Locked,
                new Cache.BuildCache(cacheDir));
        Done("deps");
        var graph = Planner.Plan(plans, settings, vcs, deps);
        Done("plan");
        return (graph, []);
    }
}
