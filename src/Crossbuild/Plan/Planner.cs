using Crossbuild.Common;
using Crossbuild.Cache;
using Crossbuild.Deps;
using Crossbuild.Load;
using Crossbuild.Outputs;
using Crossbuild.Targets;

namespace Crossbuild.Plan;

/// <summary>One target's share of a build: its load, the packages the patterns matched, where its executables go.</summary>
/// <param name="Load">The module loaded for the target.</param>
/// <param name="Matched">The packages the patterns matched.</param>
/// <param name="Destinations">Where its executables are written.</param>
/// <param name="RidSpecific">Whether the RID was asked for (<c>-r</c> or a matrix), which makes outputs RID-specific.</param>
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
/// Turns loaded targets and settings into the action graph: compile every package, link and install executables.
/// A package is compiled once per <em>effective</em> configuration: targets that select the same files, define the
/// same symbols that matter and reference the same compiles share one compile action.
/// </summary>
public static class Planner
{
    /// <summary>Plans a build of every target in <paramref name="plans"/>.</summary>
    public static ActionGraph Plan(IReadOnlyList<TargetPlan> plans, CrossbuildSettings settings, VcsStamp? vcs, ModuleDependencies? deps = null)
    {
        deps ??= ModuleDependencies.None;
        var trimRoot = settings.TrimPath ? plans[0].Load.Module.Root : null;

        // Pass 1: each (target, package)'s signature, and which signatures some written executable contains.
        var signatures = new List<Dictionary<string, string>>();
        var linked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var plan in plans)
        {
            var sig = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var package in plan.Load.WithDependencies(plan.Matched))
                sig[package.Dir] = Signature(package, plan.Load, Metadata(package, plan.Load, settings, vcs), trimRoot, sig,
                    CompilePackages(deps, package, plan.Load));
            foreach (var p in plan.Load.WithDependencies(plan.Destinations.Select(d => d.Package)))
                linked.Add(sig[p.Dir]);
            if (settings.KeepLibraries)
                foreach (var p in plan.Matched.Where(p => p.Kind == PackageKind.Lib))
                    linked.Add(sig[p.Dir]);
            signatures.Add(sig);
        }

        // Pass 2: one compile action per signature; links and installs per target.
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
                var sig = signatures[t][package.Dir];
                if (!shared.TryGetValue(sig, out var action))
                {
                    var references = load.WithDependencies(package.Imports.Select(d => load.ByDir(d)!)).Select(p => byDir[p.Dir]).ToArray();
                    action = new CompileAction(package, load.Target, references, Metadata(package, load, settings, vcs), trimRoot, linked.Contains(sig))
                    {
                        Packages = CompilePackages(deps, package, load),
                        DirectPackages = DirectPackages(deps, package, load),
                    };
                    shared[sig] = action;
                    roots.Add(action);
                }
                byDir[package.Dir] = action;
            }
            var targetInstalls = new List<InstallAction>();
            foreach (var d in destinations)
            {
                var specific = ridSpecific || settings.SelfContained || settings.SingleFile;
                var link = new LinkAction(byDir[d.Package.Dir], load.Target, specific, settings.SelfContained, settings.SingleFile)
                {
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
        return new ActionGraph(roots, shared.Values.ToArray(), installs) { Targets = targets };
    }

    // What makes two targets' compiles of a package the same compile: everything in its cache key except the
    // references' hashes, which stand in as the references' own signatures.
    private static string Signature(Package package, LoadResult load, IReadOnlyList<KeyValuePair<string, string>> metadata,
        string? trimRoot, Dictionary<string, string> known, IReadOnlyList<PackageAssets> packages)
    {
        var target = load.Target;
        var closure = load.WithDependencies(package.Imports.Select(d => load.ByDir(d)!));
        var relevant = package.SymbolsThatMatter(target, closure);
        var id = new ActionIdBuilder()
            .Add("package", package.FullDir)
            .Add("framework", target.Framework.Moniker)
            .Add("configuration", target.Configuration)
            .Add("settings", package.Settings.ToString())
            .Add("trimpath", trimRoot ?? "")
            .Add("symbols", string.Join(' ', relevant));
        foreach (var (k, v) in metadata) id.Add("metadata", k + "=" + v);
        for (var i = 0; i < package.Files.Count; i++) id.Add("file", package.Files[i] + " " + package.Hashes[i]);
        foreach (var r in closure) id.Add("ref", known[r.Dir]);
        foreach (var p in packages) id.Add("nuget", p.Package.Key + " " + p.Sha512);
        return id.Id;
    }

    // NuGet packages a compile sees: the closure of what it asks for, compile assets chosen for the framework.
    private static IReadOnlyList<PackageAssets> CompilePackages(ModuleDependencies deps, Package package, LoadResult load) =>
        deps.For(package, load).Select(p => deps.Assets(p, load.Target.Framework, null)).ToArray();

    private static IReadOnlyList<ResolvedPackage> DirectPackages(ModuleDependencies deps, Package package, LoadResult load)
    {
        var graph = deps.Graph(load.Target.Framework);
        return load.Module.Manifest.Packages.Concat(package.Manifest.Packages)
            .Select(r => graph.Find(r.Id)).OfType<ResolvedPackage>()
            .DistinctBy(p => p.Id, StringComparer.OrdinalIgnoreCase).ToArray();
    }

    private static IReadOnlyList<KeyValuePair<string, string>> Metadata(Package package, LoadResult load, CrossbuildSettings settings, VcsStamp? vcs)
    {
        var metadata = package.Kind == PackageKind.Exe
            ? BuildInfo.Pairs(load.Module.Manifest.Name, package.Dir, Settings(settings, load.Target, vcs)).ToList()
            : [];
        metadata.AddRange(settings.Values.Where(v => v.AppliesTo(package)).Select(v => new KeyValuePair<string, string>(v.Key, v.Value)));
        return metadata;
    }

    // The runtime is not among them: an executable's assembly is the same for every RID (the launcher and a
    // RID-specific deps.json, which version -m reads, carry it).
    private static IEnumerable<string> Settings(CrossbuildSettings settings, Target target, VcsStamp? vcs)
    {
        yield return $"-framework={target.Framework}";
        yield return $"-configuration={target.Configuration}";
        if (target.ExtraTags.Count > 0) yield return $"-tags={string.Join(',', target.ExtraTags)}";
        if (settings.TrimPath) yield return "-trimpath=true";
        yield return $"roslyn={ToolVersion.Roslyn}";
        if (vcs is not null)
            foreach (var s in vcs.Settings())
                yield return s;
    }
}
