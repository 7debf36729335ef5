using Crossbuild.Diagnostics;
using Crossbuild.Load;
using Crossbuild.Plan;
using Crossbuild.Work;

namespace Crossbuild;

/// <summary>
/// The build pipeline, as <c>go build</c>: load the module for the targets, plan the action graph, run it.
/// Hosts and the CLI call this; it never writes to the console.
/// </summary>
public static class Builder
{
    /// <summary>
    /// Loads what <paramref name="settings"/> name: the module, each target's load and matched packages. The one
    /// load every verb shares; <paramref name="needs"/> says how many targets the verb takes (errors name
    /// <paramref name="verb"/>).
    /// </summary>
    /// <param name="settings">The settings.</param>
    /// <param name="needs">How many targets the verb takes.</param>
    /// <param name="verb">The verb, for errors.</param>
    /// <param name="tests">Whether test files and test packages are loaded too (<see cref="LoadResult.Tests"/>).</param>
    public static ModuleLoad Load(CrossbuildSettings settings, TargetNeeds needs = TargetNeeds.Any, string verb = "build", bool tests = false) =>
        ModuleLoad.For(settings.LoadRequest with { Tests = tests }, needs, verb);

    /// <summary>
    /// Loads <paramref name="settings"/>' module for its one target and ensures its NuGet packages for that target's
    /// framework: what <c>mod graph</c>, <c>mod why</c> and <c>get</c> work on.
    /// </summary>
    public static (LoadResult Load, Deps.ModuleDependencies Dependencies) LoadWithDependencies(CrossbuildSettings settings, string verb = "mod")
    {
        // Every package of the module counts, whatever the patterns: no pattern is matched.
        var target = ModuleLoad.For(settings.LoadRequest with { Patterns = [] }, TargetNeeds.One, verb).Targets[0];
        return (target.Load, Deps.DependencyService.Ensure(target.Load, [target.Target.Framework], settings.Locked,
            new Cache.BuildCache(Env.CacheLocation.Resolve(settings.CacheDirectory))));
    }

    /// <summary>Plans <paramref name="settings"/> without running anything (<c>-n</c>).</summary>
    public static ActionGraph Plan(CrossbuildSettings settings, TargetNeeds needs = TargetNeeds.Any, string verb = "build") =>
        Prepare(settings, needs, verb, []).Graph;

    /// <summary>Builds what <paramref name="settings"/> name. User errors throw <see cref="CrossbuildException"/>.</summary>
    public static BuildResult Build(CrossbuildSettings settings, IBuildReporter? reporter = null) =>
        Build(settings, reporter, TargetNeeds.Any);

    /// <summary>
    /// Builds what <paramref name="settings"/> name for a verb that takes <paramref name="needs"/> targets
    /// (<c>run</c> takes one, <c>release</c> RID-specific ones); errors name <paramref name="verb"/>.
    /// </summary>
    public static BuildResult Build(CrossbuildSettings settings, IBuildReporter? reporter, TargetNeeds needs, string verb = "build") =>
        Build(settings, reporter, needs, verb, null);

    /// <summary>
    /// Builds the test assemblies of the packages <paramref name="settings"/> match, each installed where
    /// <paramref name="testDestination"/> says (<c>crossbuild test</c>); <see cref="BuildResult.Targets"/> carries the load.
    /// </summary>
    internal static BuildResult BuildTests(CrossbuildSettings settings, IBuildReporter? reporter, Func<LoadedTarget, PackageUnit, AppDestination> testDestination) =>
        Build(settings, reporter, TargetNeeds.Any, "test", testDestination);

    private static BuildResult Build(CrossbuildSettings settings, IBuildReporter? reporter, TargetNeeds needs, string verb,
        Func<LoadedTarget, PackageUnit, AppDestination>? testDestination)
    {
        var timings = new List<KeyValuePair<string, double>>();
        var (graph, loaded, errors) = Prepare(settings, needs, verb, timings, reporter, testDestination);
        if (errors.Count > 0 && loaded is not null && testDestination is not null)
            return new BuildResult(false, errors, [], [], [], []) { Timings = timings, Targets = loaded.Targets.Select(t => new TargetResult(t.Target, [], []) { Loaded = t }).ToArray() };
        if (errors.Count > 0)
            return new BuildResult(false, errors, [], [], [], []) { Timings = timings };
        var run = System.Diagnostics.Stopwatch.StartNew();
        var cache = new Cache.BuildCache(Env.CacheLocation.Resolve(settings.CacheDirectory));
        foreach (var problem in loaded!.Targets.SelectMany(t => t.Load.CacheProblems).Distinct())
            (reporter ?? SilentReporter.Instance).CacheProblem(problem);
        reporter?.Planned(CountCompiles(graph.Roots)); // a walk of the graph only when someone shows progress
        IReadOnlyDictionary<BuildAction, ActionResult> results;
        var remote = Cache.Remote.RemoteCache.Open(settings, (reporter ?? SilentReporter.Instance).Notice);
        try
        {
            results = new Executor(settings.Jobs, reporter ?? SilentReporter.Instance, cache, settings.Force) { Remote = remote }.Run(graph.Roots);
        }
        catch (StaleSourceException)
        {
            // The stat cache may be what was wrong (a file replaced with the same size and mtime): start afresh.
            FactsCache.ForgetAll(cache.Root);
            throw;
        }
        if (remote is not null)
        {
            remote.Flush(); // the command ends only once what it compiled is in the remote cache
            (reporter ?? SilentReporter.Instance).RemoteCacheUsed(remote.Stats);
        }
        timings.Add(new("run", run.Elapsed.TotalMilliseconds));
        (reporter ?? SilentReporter.Instance).StageFinished("run", run.Elapsed.TotalMilliseconds);
        cache.TrimIfDue();
        return Results.Of(graph, loaded, results) with { Timings = timings, RemoteCache = remote?.Stats };
    }

    // How many distinct compile actions the graph runs, for progress.
    private static int CountCompiles(IReadOnlyList<BuildAction> roots)
    {
        var seen = new HashSet<BuildAction>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<BuildAction>(roots);
        while (stack.Count > 0)
        {
            var a = stack.Pop();
            if (!seen.Add(a)) continue;
            foreach (var i in a.Inputs) stack.Push(i);
        }
        return seen.Count(a => a is CompileAction);
    }

    // The version of a framework's reference pack (found in the SDK, else fetched); when there is none, the error
    // names the framework and the packages that compile for it.
    private static string ReferencePack(Targets.TargetFramework framework, IReadOnlyList<PackageUnit> units, string moduleRoot)
    {
        try
        {
            return Work.Compile.Packs.VersionOf(!framework.IsNetCoreApp ? Work.Compile.Packs.LibraryOnly(framework, moduleRoot).PackDirectory
                : Work.Compile.Packs.FindOrFetch(Work.Compile.Packs.ReferencePackName, framework, moduleRoot));
        }
        catch (CrossbuildException e) when (units.Any(u => u.Target.Framework == framework))
        {
            var dirs = units.Where(u => u.Target.Framework == framework).Select(u => u.Package.Dir).Distinct().ToArray();
            throw new CrossbuildException($"{string.Join(", ", dirs.Take(3))}{(dirs.Length > 3 ? ", …" : "")}: no reference assemblies for {framework}: {e.Message}");
        }
    }

    private static (ActionGraph Graph, ModuleLoad? Loaded, IReadOnlyList<string> Errors) Prepare(CrossbuildSettings settings,
        TargetNeeds needs, string verb, List<KeyValuePair<string, double>> timings, IBuildReporter? reporter = null,
        Func<LoadedTarget, PackageUnit, AppDestination>? testDestination = null)
    {
        var stage = System.Diagnostics.Stopwatch.StartNew();
        void Done(string name)
        {
            timings.Add(new(name, stage.Elapsed.TotalMilliseconds));
            (reporter ?? SilentReporter.Instance).StageFinished(name, stage.Elapsed.TotalMilliseconds);
            stage.Restart();
        }
        Common.ContentHash.WarmUp();
        var module = Module.Find(settings.WorkingDirectory);
        // git runs beside loading when an executable will probably be written; stamping needs it only then.
        var vcsTask = settings.Output is not null && settings.BuildVcs != BuildVcs.False
            ? Task.Run(() => VcsStamp.Read(module.Root, settings.BuildVcs))
            : null;
        var tests = testDestination is not null;
        var loaded = ModuleLoad.For(settings.LoadRequest with { Tests = tests }, needs, verb);
        var plans = loaded.Targets
            .Select(t => new TargetPlan(t.Load, t.Matched,
                tests ? t.Units.Roots.Select(u => testDestination!(t, u)).ToArray()
                    : OutputLayout.Decide(t.Matched, settings.Output, settings.WorkingDirectory, t.Resolved),
                t.Resolved.RidSpecific, t.Units) { Output = t.Resolved.Output })
            .ToArray();
        Done("load");
        if (loaded.Errors.Count > 0)
            return (new ActionGraph([], [], []), tests ? loaded : null, loaded.Errors);

        var all = plans.SelectMany(p => p.Destinations.Select(d => (p, d))).ToArray();
        OutputLayout.Check(all.Select(x => x.d).ToArray(),
            d => all.First(x => x.d == d).p.Load.WithDependencies([d.Package]).Where(p => p != d.Package).Select(p => p.Name),
            settings.WorkingDirectory);
        // Executables are stamped with git state only when written, as Go stamps at link time: building without
        // writing then needs no git, and a new commit recompiles only executables that are written.
        var vcs = all.Length == 0 || tests ? null : (vcsTask ?? Task.FromResult(VcsStamp.Read(module.Root, settings.BuildVcs))).GetAwaiter().GetResult();
        Done("vcs");
        // Packages resolve once for the module, for every framework the targets use, before anything is planned;
        // so do the reference packs, so that computing a compile's key never reaches the network. A framework only
        // some packages compile for (a multi-targeted library's, the analyzers') resolves only what those ask for.
        var units = plans.SelectMany(p => p.Units.Units).ToArray();
        var targetFrameworks = plans.Select(p => p.Load.Target.Framework).ToHashSet();
        var frameworks = units.Select(u => u.Target.Framework).Concat(targetFrameworks).Distinct().ToArray();
        var only = units.Where(u => !targetFrameworks.Contains(u.Target.Framework))
            .GroupBy(u => u.Target.Framework.Moniker, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyCollection<string>)g.SelectMany(u => Deps.ModuleDependencies.Requested(u.Package, u.Load))
                .ToHashSet(StringComparer.OrdinalIgnoreCase), StringComparer.Ordinal);
        var deps = plans.Length == 0 ? Deps.ModuleDependencies.None
            : Deps.DependencyService.Ensure(plans[0].Load, frameworks, settings.Locked, new Cache.BuildCache(Env.CacheLocation.Resolve(settings.CacheDirectory)), only);
        var referencePacks = frameworks.ToDictionary(f => f.Moniker, f => ReferencePack(f, units, module.Root), StringComparer.Ordinal);
        foreach (var (framework, shared) in plans.SelectMany(p => p.Units.Units.SelectMany(u =>
                     Planner.SharedFrameworks(u, p.Units, deps).Select(name => (u.Target.Framework, name)))).Distinct())
            referencePacks[framework.Moniker + "|" + shared] = Work.Compile.Packs.VersionOf(
                Work.Compile.Packs.FindOrFetch(Targets.SharedFramework.Find(shared)!.ReferencePack, framework, module.Root));
        // Editors' projects follow what this build loaded and resolved (a no-op when they are in step).
        Ide.IdeWorkspace.Sync(loaded.Targets, deps, reporter ?? SilentReporter.Instance, settings.LoadRequest);
        Done("deps");
        var graph = Planner.Plan(plans, settings.PlanOptions, vcs, referencePacks, deps);
        foreach (var notice in deps.Notices) (reporter ?? SilentReporter.Instance).Notice(notice);
        Done("plan");
        return (graph, loaded, []);
    }
}
