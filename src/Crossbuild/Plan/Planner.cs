using Crossbuild.Load;
using Crossbuild.Outputs;
using Crossbuild.Targets;

namespace Crossbuild.Plan;

/// <summary>The planned actions of a build: the roots the executor must finish, and every compile by package Dir.</summary>
/// <param name="Roots">Actions whose completion is the build: every compile, link and install.</param>
/// <param name="Compiles">The compile action of each package, by Dir.</param>
/// <param name="Installs">The install actions, one per written executable.</param>
public sealed record ActionGraph(IReadOnlyList<BuildAction> Roots, IReadOnlyDictionary<string, CompileAction> Compiles,
    IReadOnlyList<InstallAction> Installs);

/// <summary>Turns loaded packages and settings into the action graph: compile every package, link and install executables.</summary>
public static class Planner
{
    /// <summary>Plans a build of <paramref name="matched"/> (and what they import) for the load's target.</summary>
    public static ActionGraph Plan(LoadResult load, IReadOnlyList<Package> matched, BuildSettings settings,
        IReadOnlyList<AppDestination> destinations, VcsStamp? vcs)
    {
        var target = load.Target;
        var compiles = new Dictionary<string, CompileAction>(StringComparer.Ordinal);
        var trimRoot = settings.TrimPath ? load.Module.Root : null;
        var linked = load.WithDependencies(destinations.Select(d => d.Package)).Select(p => p.Dir).ToHashSet(StringComparer.Ordinal);
        foreach (var package in load.WithDependencies(matched))
        {
            var references = load.WithDependencies(package.Imports.Select(d => load.ByDir(d)!))
                .Select(p => compiles[p.Dir]).ToArray();
            var metadata = package.Kind == PackageKind.Exe
                ? BuildInfo.Pairs(load.Module.Manifest.Name, package.Dir, Settings(settings, target, vcs)).ToList()
                : [];
            metadata.AddRange(settings.Values.Where(v => v.AppliesTo(package)).Select(v => new KeyValuePair<string, string>(v.Key, v.Value)));
            compiles[package.Dir] = new CompileAction(package, target, references, metadata, trimRoot, linked.Contains(package.Dir));
        }

        var roots = new List<BuildAction>(compiles.Values);
        var installs = new List<InstallAction>();
        foreach (var d in destinations)
        {
            var link = new LinkAction(compiles[d.Package.Dir], target);
            var install = new InstallAction(link, d.Directory, d.AppHostName);
            roots.Add(link);
            roots.Add(install);
            installs.Add(install);
        }
        return new ActionGraph(roots, compiles, installs);
    }

    private static IEnumerable<string> Settings(BuildSettings settings, Target target, VcsStamp? vcs)
    {
        yield return $"-framework={target.Framework}";
        yield return $"-runtime={target.Runtime}";
        yield return $"-configuration={target.Configuration}";
        if (target.ExtraTags.Count > 0) yield return $"-tags={string.Join(',', target.ExtraTags)}";
        if (settings.TrimPath) yield return "-trimpath=true";
        yield return $"roslyn={ToolVersion.Roslyn}";
        if (vcs is not null)
            foreach (var s in vcs.Settings())
                yield return s;
    }
}
