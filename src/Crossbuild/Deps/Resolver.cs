using Crossbuild.Adapters.NuGet;
using Crossbuild.Diagnostics;
using NuGet.DependencyResolver;
using NuGet.Frameworks;
using NuGet.LibraryModel;
using NuGet.Protocol;
using NuGet.Protocol.Core.Types;
using NuGet.RuntimeModel;
using NuGet.Versioning;

namespace Crossbuild.Deps;

/// <summary>
/// Resolves requirements with <c>dotnet restore</c>'s PackageReference rules, through NuGet's own walker
/// (NuGet.DependencyResolver.Core): a direct dependency wins, the nearest wins, cousins take the highest lower
/// bound, a downgrade is an error (NU1605), dependency groups are picked by nearest framework. The global packages
/// folder answers first; sources come from nuget.config.
/// </summary>
internal static class Resolver
{
    private const string RootName = "crossbuild-module";

    /// <summary>The resolved graph for <paramref name="framework"/> and the source that matched each package.</summary>
    public static (ResolvedGraph Graph, IReadOnlyDictionary<string, IRemoteDependencyProvider> Providers) Resolve(
        NuGetContext nuget, IReadOnlyList<PackageRequirement> requested, NuGetFramework framework)
    {
        var context = new RemoteWalkContext(nuget.Cache, NuGet.Configuration.PackageSourceMapping.GetPackageSourceMapping(nuget.Settings), nuget.Logger);
        context.LocalLibraryProviders.Add(new GlobalFolderProvider(nuget.Layout, nuget.GlobalFolder));
        foreach (var provider in nuget.Providers)
            context.RemoteLibraryProviders.Add(provider);
        context.ProjectLibraryProviders.Add(new ModuleProvider(RootName, requested.Select(r => (r.Id, r.Range)).ToArray()));

        GraphNode<RemoteResolveResult> root;
        try
        {
            root = new RemoteDependencyWalker(context)
                .WalkAsync(new LibraryRange(RootName, VersionRange.Parse("1.0.0"), LibraryDependencyTarget.Project), framework,
                    runtimeIdentifier: null, RuntimeGraph.Empty, recursive: true)
                .GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is FatalProtocolException or HttpRequestException or IOException)
        {
            throw new CrossbuildException($"resolving packages: cannot read a package source ({Flatten(e)}); sources: {nuget.SourceList}");
        }

        var analysis = root.Analyze();
        ReportUnresolved(root, nuget);
        if (analysis.Cycles.Count > 0)
            throw new CrossbuildException($"dependency cycle (NU1108): {Path(analysis.Cycles[0])}");
        if (analysis.Downgrades.Count > 0)
        {
            var d = analysis.Downgrades[0];
            var id = d.DowngradedTo.Key.Name;
            throw new CrossbuildException(
                $"package downgrade (NU1605): {id} from {d.DowngradedFrom.Key.VersionRange?.MinVersion} to {d.DowngradedTo.Item?.Key.Version}: " +
                $"{Path(d.DowngradedFrom)} wants more than {Path(d.DowngradedTo)}; ask for {id} {d.DowngradedFrom.Key.VersionRange?.MinVersion} directly to fix it");
        }
        if (analysis.VersionConflicts.Count > 0)
        {
            var c = analysis.VersionConflicts[0];
            throw new CrossbuildException($"version conflict (NU1107) for {c.Selected.Key.Name}: {Path(c.Selected)} and {Path(c.Conflicting)}");
        }

        var packages = new Dictionary<string, ResolvedPackage>(StringComparer.OrdinalIgnoreCase);
        var providers = new Dictionary<string, IRemoteDependencyProvider>(StringComparer.OrdinalIgnoreCase);
        root.ForEach(node =>
        {
            if (node == root || node.Disposition != Disposition.Accepted || node.Item?.Key is not { } key || key.Type != LibraryType.Package) return;
            var edges = node.Item.Data.Dependencies
                .Select(d => new PackageEdge(d.Name, d.LibraryRange.VersionRange?.ToNormalizedString() ?? "(, )"))
                .OrderBy(e => e.Id, StringComparer.OrdinalIgnoreCase).ToArray();
            packages[key.Name] = new ResolvedPackage(key.Name, key.Version, edges);
            if (node.Item.Data.Match?.Provider is { } provider) providers[key.Name] = provider;
        });
        var graph = new ResolvedGraph(framework.GetShortFolderName(),
            packages.Values.OrderBy(p => p.Id, StringComparer.OrdinalIgnoreCase).ToArray());
        return (graph, providers);
    }

    private static void ReportUnresolved(GraphNode<RemoteResolveResult> root, NuGetContext nuget)
    {
        GraphNode<RemoteResolveResult>? missing = null;
        root.ForEach(node =>
        {
            if (missing is null && node != root && node.Disposition != Disposition.Rejected && node.Item?.Key.Type == LibraryType.Unresolved)
                missing = node;
        });
        if (missing is null) return;
        var id = missing.Key.Name;
        var available = nuget.AllVersions(id);
        var what = $"package {id} {missing.Key.VersionRange?.PrettyPrint() ?? ""}".TrimEnd();
        var where = missing.OuterNode is { } outer && outer != root ? $" (required by {Path(outer)})" : "";
        var versions = available.Count == 0
            ? "no version of it exists"
            : $"available versions: {string.Join(", ", available.TakeLast(8).Select(v => v.ToNormalizedString()))}";
        throw new CrossbuildException($"{what} not found{where}: {versions}; sources tried: {nuget.SourceList}");
    }

    private static string Path(GraphNode<RemoteResolveResult> node)
    {
        var parts = new List<string>();
        for (var n = node; n is not null; n = n.OuterNode)
        {
            if (n.Key.Name == RootName && n.OuterNode is null) { parts.Add("module"); break; }
            var version = n.Item?.Key.Type == LibraryType.Package ? n.Item.Key.Version.ToNormalizedString() : null;
            parts.Add(n == node || version is null ? $"{n.Key.Name} {n.Key.VersionRange?.PrettyPrint()}".TrimEnd() : $"{n.Key.Name} {version}");
        }
        parts.Reverse();
        return string.Join(" -> ", parts);
    }

    private static string Flatten(Exception e)
    {
        var messages = new List<string>();
        for (var x = e; x is not null; x = x.InnerException) messages.Add(x.Message.Split('\n')[0].Trim());
        return string.Join(": ", messages.Distinct());
    }
}
