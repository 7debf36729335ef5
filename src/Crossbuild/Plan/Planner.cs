using Crossbuild.Deps;
using Crossbuild.Load;
using Crossbuild.Outputs;
using Crossbuild.Targets;

namespace Crossbuild.Plan;

/// <summary>One target's share of a build: its load, the packages the patterns matched, where its executables go.</summary>
/// <param name="Load">The module loaded for the target.</param>
/// <param name="Matched">The packages the patterns matched.</param>
/// <param name="Destinations">Where its executables are written.</param>
/// <param name="RidSpecific">Whether outputs are RID-specific (<c>-r</c>, a matrix or a release): an explicit flag of
/// the target, never inferred from an output folder.</param>
public sealed record TargetPlan(LoadResult Load, IReadOnlyList<Package> Matched, IReadOnlyList<AppDestination> Destinations,
    bool RidSpecific);

/// <summary>The planned actions of a build.</summary>
/// <param name="Roots">Actions whose completion is the build: every compile, link and install.</param>
/// <param name="Compiles">The distinct compile actions.</param>
/// <param name="Installs">The install actions, one per written executable and target.</param>
public sealed record ActionGraph(IReadOnlyList<BuildAction> Roots, IReadOnlyList<CompileAction> Compiles,
    IReadOnlyList<InstallAction> Installs)
{
    /// <summary>Each target's share of the graph, in target order (compile actions may be shared between targets).</summary>
    public IReadOnlyList<TargetActions> Targets { get; init; } = [];
}

/// <summary>The actions that make up one target of a build.</summary>
/// <param name="Target">The target.</param>
/// <param name="Compiles">Its compile actions, dependencies first.</param>
/// <param name="Installs">Its install actions.</param>
public sealed record TargetActions(Target Target, IReadOnlyList<CompileAction> Compiles, IReadOnlyList<InstallAction> Installs);

/// <summary>
/// Turns loaded targets into the action graph: compile every package, link and install executables. A package is
/// compiled once per <em>effective</em> configuration: targets whose compiles have the same identity
/// (<see cref="CompileIdentity"/>) and the same references share one compile action.
/// </summary>
public static class Planner
{
    /// <summary>Plans a build of every target in <paramref name="plans"/>.</summary>
    /// <param name="plans">The loaded targets.</param>
    /// <param name="options">The build's options.</param>
    /// <param name="vcs">The git stamp for executables, when they are stamped.</param>
    /// <param name="referencePacks">Each framework's reference pack version, resolved before planning (by moniker; a
    /// shared framework's by <c>moniker|name</c>).</param>
    /// <param name="deps">The module's NuGet packages.</param>
    public static ActionGraph Plan(IReadOnlyList<TargetPlan> plans, PlanOptions options, VcsStamp? vcs,
        IReadOnlyDictionary<string, string> referencePacks, ModuleDependencies? deps = null)
    {
        deps ??= ModuleDependencies.None;
        var trimRoot = options.TrimPath && plans.Count > 0 ? plans[0].Load.Module.Root : null;

        // Pass 1: a candidate compile per (target, package) and its ID with the references' IDs standing in for
        // their reference assemblies; and which IDs some written executable contains.
        var candidates = new List<Dictionary<string, (CompileAction Action, string Id)>>();
        var linked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var plan in plans)
        {
            var byDir = new Dictionary<string, (CompileAction Action, string Id)>(StringComparer.Ordinal);
            var load = plan.Load;
            foreach (var package in load.WithDependencies(plan.Matched))
            {
                var closure = load.WithDependencies(package.Imports.Select(d => load.ByDir(d)!));
                var own = OwnPackages(deps, package, load).ToArray();
                var candidate = new CompileAction(package, load.Target, closure.Select(r => byDir[r.Dir].Action).ToArray(),
                    Metadata(package, load, options, vcs), trimRoot, needsImplementation: false)
                {
                    Packages = CompilePackages(deps, package, load),
                    DirectPackages = DirectPackages(deps, package, load),
                    ContentSources = own.SelectMany(a => a.ContentCompile).ToArray(),
                    ContentCopies = own.SelectMany(a => a.ContentCopies).ToArray(),
                    Symbols = package.CompileSymbols(load.Target, closure),
                    ReferencePack = referencePacks[load.Target.Framework.Moniker],
                    SharedFrameworks = package.SharedFrameworks(closure).Select(f => (f, referencePacks[load.Target.Framework.Moniker + "|" + f])).ToArray(),
                    Version = options.Version,
                };
                byDir[package.Dir] = (candidate, CompileIdentity.WithReferences(candidate.Identity,
                    closure.Select(r => (r.Name, byDir[r.Dir].Id))));
            }
            foreach (var p in load.WithDependencies(plan.Destinations.Select(d => d.Package)))
                linked.Add(byDir[p.Dir].Id);
            if (options.KeepLibraries)
                foreach (var p in plan.Matched.Where(p => p.Kind == PackageKind.Lib))
                    linked.Add(byDir[p.Dir].Id);
            candidates.Add(byDir);
        }

        // Pass 2: one compile action per ID; links and installs per target.
        var shared = new Dictionary<string, CompileAction>(StringComparer.Ordinal);
        var roots = new List<BuildAction>();
        var installs = new List<InstallAction>();
        var targets = new List<TargetActions>();
        for (var t = 0; t < plans.Count; t++)
        {
            var (load, matched, destinations, ridSpecific) = plans[t];
            var byDir = new Dictionary<string, CompileAction>(StringComparer.Ordinal);
            foreach (var package in load.WithDependencies(matched))
            {
                var (candidate, id) = candidates[t][package.Dir];
                if (!shared.TryGetValue(id, out var action))
                {
                    action = new CompileAction(package, load.Target, candidate.References.Select(r => byDir[r.Package.Dir]).ToArray(),
                        candidate.Metadata, trimRoot, linked.Contains(id))
                    {
                        Packages = candidate.Packages,
                        DirectPackages = candidate.DirectPackages,
                        ContentSources = candidate.ContentSources,
                        ContentCopies = candidate.ContentCopies,
                        Symbols = candidate.Symbols,
                        ReferencePack = candidate.ReferencePack,
                        SharedFrameworks = candidate.SharedFrameworks,
                        Version = candidate.Version,
                        Identity = candidate.Identity,
                    };
                    shared[id] = action;
                    roots.Add(action);
                }
                byDir[package.Dir] = action;
            }
            var targetInstalls = new List<InstallAction>();
            foreach (var d in destinations)
            {
                var specific = ridSpecific || options.SelfContained || options.SingleFile;
                var link = new LinkAction(byDir[d.Package.Dir], load.Target, specific, options.SelfContained, options.SingleFile)
                {
                    EmitGenerated = options.EmitGenerated,
                    Packages = deps.For(d.Package, load).Select(p => deps.Assets(p, load.Target.Framework, specific ? load.Target.Runtime.Value : null)).ToArray(),
                };
                var install = new InstallAction(link, d.Directory, d.AppHostName);
                roots.Add(link);
                roots.Add(install);
                installs.Add(install);
                targetInstalls.Add(install);
            }
            targets.Add(new TargetActions(load.Target, load.WithDependencies(matched).Select(p => byDir[p.Dir]).ToArray(), targetInstalls));
        }
        // After every install into a directory, what earlier builds wrote there for these executables and this one
        // no longer produces is removed.
        foreach (var group in installs.GroupBy(i => Path.TrimEndingDirectorySeparator(Path.GetFullPath(i.Directory)), StringComparer.Ordinal))
            roots.Add(new PruneAction(group.Key, group.ToArray()));
        return new ActionGraph(roots, shared.Values.ToArray(), installs) { Targets = targets };
    }

    // NuGet packages a compile sees: the closure of what it asks for, compile assets chosen for the framework.
    private static IReadOnlyList<PackageAssets> CompilePackages(ModuleDependencies deps, Package package, LoadResult load) =>
        deps.For(package, load).Select(p => deps.Assets(p, load.Target.Framework, null)).ToArray();

    // The packages the module's and this package's manifests ask for, with their dependencies: those whose content
    // files reach this package's compile.
    private static IEnumerable<PackageAssets> OwnPackages(ModuleDependencies deps, Package package, LoadResult load) =>
        deps.Lock is null
            ? []
            : deps.Graph(load.Target.Framework).Closure(load.Module.Manifest.Packages.Concat(package.Manifest.Packages).Select(r => r.Id).Distinct(StringComparer.OrdinalIgnoreCase))
                .Select(p => deps.Assets(p, load.Target.Framework, null));

    private static IReadOnlyList<ResolvedPackage> DirectPackages(ModuleDependencies deps, Package package, LoadResult load)
    {
        var graph = deps.Graph(load.Target.Framework);
        return load.Module.Manifest.Packages.Concat(package.Manifest.Packages)
            .Select(r => graph.Find(r.Id)).OfType<ResolvedPackage>()
            .DistinctBy(p => p.Id, StringComparer.OrdinalIgnoreCase).ToArray();
    }

    private static IReadOnlyList<KeyValuePair<string, string>> Metadata(Package package, LoadResult load, PlanOptions options, VcsStamp? vcs)
    {
        var metadata = package.Kind == PackageKind.Exe
            ? BuildInfo.Pairs(load.Module.Manifest.Name, package.Dir, Settings(options, load.Target, vcs)).ToList()
            : [];
        metadata.AddRange(options.Values.Where(v => v.AppliesTo(package)).Select(v => new KeyValuePair<string, string>(v.Key, v.Value)));
        return metadata;
    }

    // The runtime is not among them: an executable's assembly is the same for every RID (the launcher and a
    // RID-specific deps.json, which version -m reads, carry it).
    private static IEnumerable<string> Settings(PlanOptions options, Target target, VcsStamp? vcs)
    {
        yield return $"-framework={target.Framework}";
        yield return $"-configuration={target.Configuration}";
        if (target.ExtraTags.Count > 0) yield return $"-tags={string.Join(',', target.ExtraTags)}";
        if (options.TrimPath) yield return "-trimpath=true";
        yield return $"roslyn={ToolVersion.Roslyn}";
        if (vcs is not null)
            foreach (var s in vcs.Settings())
                yield return s;
    }
}
