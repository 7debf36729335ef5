using Crossbuild.Load;
using Crossbuild.Targets;

namespace Crossbuild.Deps;

/// <summary>Questions about a module's resolved packages: <c>crossbuild mod graph</c> and <c>crossbuild mod why</c>.</summary>
public static class PackageGraphQueries
{
    /// <summary>
    /// The graph's edges as <c>go mod graph</c> prints them: <c>module pkg@version</c> for what the manifests ask,
    /// then <c>a@version b@version</c> for each package's dependencies, sorted.
    /// </summary>
    public static IReadOnlyList<(string From, string To)> Edges(LoadResult load, ModuleDependencies deps)
    {
        var graph = deps.Graph(load.Target.Framework);
        string At(ResolvedPackage p) => $"{p.Id}@{p.Version.ToNormalizedString()}";
        var edges = new List<(string, string)>();
        foreach (var id in Declared(load).Select(d => d.Id).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase))
            if (graph.Find(id) is { } p) edges.Add((load.Module.Manifest.Name, At(p)));
        foreach (var p in graph.Packages)
            foreach (var d in p.Dependencies)
                if (graph.Find(d.Id) is { } to) edges.Add((At(p), At(to)));
        return edges;
    }

    /// <summary>
    /// The shortest chain that pulls <paramref name="id"/> in: the manifest that asks, then each package down to it
    /// (<c>Id version</c>); empty when the module does not need it.
    /// </summary>
    public static IReadOnlyList<string> Why(LoadResult load, ModuleDependencies deps, string id)
    {
        var graph = deps.Graph(load.Target.Framework);
        var previous = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var queue = new Queue<string>();
        var askedBy = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (declaredId, who) in Declared(load))
            if (graph.Find(declaredId) is not null && previous.TryAdd(declaredId, null))
            {
                askedBy[declaredId] = who;
                queue.Enqueue(declaredId);
            }
        while (queue.Count > 0)
        {
            var current = queue.Dequeue();
            if (string.Equals(current, id, StringComparison.OrdinalIgnoreCase))
            {
                var chain = new List<string>();
                for (string? c = current; c is not null; c = previous[c])
                {
                    var p = graph.Find(c)!;
                    chain.Add($"{p.Id} {p.Version.ToNormalizedString()}");
                    if (previous[c] is null) chain.Add(askedBy[c]);
                }
                chain.Reverse();
                return chain;
            }
            foreach (var d in graph.Find(current)!.Dependencies)
                if (graph.Find(d.Id) is not null && previous.TryAdd(d.Id, current))
                    queue.Enqueue(d.Id);
        }
        return [];
    }

    // Who asks for what: the module's manifest first, then packages' own manifests by Dir.
    private static IEnumerable<(string Id, string Who)> Declared(LoadResult load) =>
        load.Module.Manifest.Packages.Select(r => (r.Id, $"module {load.Module.Manifest.Name} ({ModuleManifest.FileName})"))
            .Concat(load.Packages.SelectMany(p => p.Manifest.Packages.Select(r => (r.Id, $"package {p.Dir} ({p.Dir}/{ModuleManifest.FileName})"))));
}
