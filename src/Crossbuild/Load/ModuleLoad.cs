using Crossbuild.Targets;

namespace Crossbuild.Load;

/// <summary>What a command asks the loader for: where, which packages, which targets, and the cache to use.</summary>
/// <param name="WorkingDirectory">The directory patterns are resolved against.</param>
/// <param name="Patterns">Package patterns (<c>.</c>, <c>./...</c>); none to load the module without matching any
/// (what the dependency commands need).</param>
/// <param name="Targets">The target flags.</param>
/// <param name="CacheDirectory">The build cache folder; null for the default.</param>
public sealed record LoadRequest(string WorkingDirectory, IReadOnlyList<string> Patterns, TargetRequest Targets, string? CacheDirectory)
{
    /// <summary>
    /// Whether test files are loaded (<c>crossbuild test</c>, <c>list</c>): the units are then the matched packages'
    /// test packages, and test-only packages can be matched.
    /// </summary>
    public bool Tests { get; init; }
}

/// <summary>One target's share of a load: the module loaded for it and the packages the patterns matched.</summary>
/// <param name="Resolved">The target and where its outputs go.</param>
/// <param name="Load">Every package of the module, loaded for the target.</param>
/// <param name="Matched">The packages the patterns matched, sorted by Dir.</param>
/// <param name="Units">What compiles for which framework: the matched packages, what they import and the analyzers they load.</param>
public sealed record LoadedTarget(ResolvedTarget Resolved, LoadResult Load, IReadOnlyList<Package> Matched, UnitGraph Units)
{
    /// <summary>The target.</summary>
    public Target Target => Resolved.Target;

    // Under test, the graph of the matched packages themselves, built when first asked for.
    internal Lazy<UnitGraph>? PackageGraph { get; init; }

    /// <summary>
    /// The graph of the matched packages themselves: <see cref="Units"/>, except under test, where those are the
    /// test assemblies' (what the editors' projects of the packages are generated from either way).
    /// </summary>
    public UnitGraph PackageUnits => PackageGraph?.Value ?? Units;

    /// <summary>
    /// Every package the target compiles (the matched packages, what they import and the analyzers they load), as
    /// loaded for the framework it compiles for, dependencies first; a multi-targeted one once per framework.
    /// </summary>
    public IReadOnlyList<Package> Closure => Units.Units.Select(u => u.Package).ToArray();
}

/// <summary>
/// The one "load for these settings" step every command shares (build, run, list, release, the dependency
/// commands, the hosts' inputs): find the module, resolve the targets, load the module for each and match the
/// patterns.
/// </summary>
/// <param name="Module">The module.</param>
/// <param name="Targets">Each target's load, in target order.</param>
public sealed record ModuleLoad(Module Module, IReadOnlyList<LoadedTarget> Targets)
{
    /// <summary>The load errors of the matched packages, what they import and the analyzers they load, one line each, without duplicates.</summary>
    public IReadOnlyList<string> Errors => Targets.SelectMany(t => t.Units.Errors).Distinct().ToArray();

    /// <summary>Loads what <paramref name="request"/> names; <paramref name="needs"/> and <paramref name="verb"/> as for <see cref="TargetResolver.Resolve"/>.</summary>
    public static ModuleLoad For(LoadRequest request, TargetNeeds needs = TargetNeeds.Any, string verb = "build")
    {
        var module = Module.Find(request.WorkingDirectory);
        var loadFor = Loads(module, request);
        var targets = TargetResolver.Resolve(module.Manifest, request.Targets, needs, verb)
            .Select(t => ForTarget(t, loadFor(t.Target), request, loadFor))
            .ToArray();
        return new ModuleLoad(module, targets);
    }

    /// <summary>
    /// <paramref name="target"/>'s target loaded again for <paramref name="request"/> (other patterns, or with tests):
    /// what the editors' files are regenerated from when a build loaded less than they cover.
    /// </summary>
    internal static LoadedTarget Reload(LoadedTarget target, LoadRequest request)
    {
        var loadFor = Loads(target.Load.Module, request);
        return ForTarget(target.Resolved, loadFor(target.Target), request, loadFor);
    }

    // One load per distinct target: the requested ones, and those other frameworks and the analyzers need.
    private static Func<Target, LoadResult> Loads(Module module, LoadRequest request)
    {
        var cacheDir = Env.CacheLocation.Resolve(request.CacheDirectory);
        var loads = new Dictionary<Target, LoadResult>();
        return target =>
        {
            if (!loads.TryGetValue(target, out var load))
                loads[target] = load = Loader.Load(module, target, request.WorkingDirectory, cacheDir, request.Tests);
            return load;
        };
    }

    private static LoadedTarget ForTarget(ResolvedTarget t, LoadResult load, LoadRequest request, Func<Target, LoadResult> loadFor)
    {
        var matched = request.Patterns.Count == 0 ? [] : PackagePattern.Match(load, request.Patterns, request.WorkingDirectory);
        if (!request.Tests || request.Patterns.Count == 0)
            return new LoadedTarget(t, load, matched, UnitGraph.Build(load, matched, t.ExplicitFramework, loadFor));
        // Under test, what compiles is each matched package's test assembly (and what that imports).
        var roots = matched.Select(p => load.TestOf(p.Dir)).OfType<Package>().ToArray();
        var packages = matched.Where(p => !p.IsTestOnly).ToArray();
        return new LoadedTarget(t, load, matched, UnitGraph.Build(load, roots, t.ExplicitFramework, loadFor))
        {
            PackageGraph = new Lazy<UnitGraph>(() => UnitGraph.Build(load, packages, t.ExplicitFramework, loadFor)),
        };
    }
}
