using Crossbuild.Targets;

namespace Crossbuild.Load;

/// <summary>The module's packages loaded for one target.</summary>
/// <param name="Module">The module.</param>
/// <param name="Target">The target the packages were loaded for.</param>
/// <param name="Packages">Every package of the module, sorted by Dir.</param>
public sealed record LoadResult(Module Module, Target Target, IReadOnlyList<Package> Packages)
{
    private readonly Dictionary<string, Package> _byDir = Packages.ToDictionary(p => p.Dir, StringComparer.Ordinal);

    /// <summary>Damage the loader found in its facts cache (and recovered from by rescanning), one line each.</summary>
    public IReadOnlyList<string> CacheProblems { get; init; } = [];

    /// <summary>The package at module-relative <paramref name="dir"/>, if any.</summary>
    public Package? ByDir(string dir) => _byDir.GetValueOrDefault(dir);

    /// <summary>
    /// <paramref name="roots"/> and every package they depend on, transitively, in dependency order
    /// (dependencies first; ties broken by Dir).
    /// </summary>
    public IReadOnlyList<Package> WithDependencies(IEnumerable<Package> roots)
    {
        var order = new List<Package>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Visit(Package p)
        {
            if (!seen.Add(p.Dir)) return;
            foreach (var dep in p.Imports)
                Visit(_byDir[dep]);
            order.Add(p);
        }
        foreach (var r in roots.OrderBy(p => p.Dir, StringComparer.Ordinal))
            Visit(r);
        return order;
    }
}
