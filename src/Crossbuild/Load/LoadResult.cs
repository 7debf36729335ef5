using Crossbuild.Targets;

namespace Crossbuild.Load;

/// <summary>The module's packages loaded for one target.</summary>
/// <param name="Module">The module.</param>
/// <param name="Target">The target the packages were loaded for.</param>
/// <param name="Packages">Every package of the module, sorted by Dir.</param>
public sealed record LoadResult(Module Module, Target Target, IReadOnlyList<Package> Packages)
{
    private Dictionary<string, Package>? _byDir;

    private Dictionary<string, Package> Index => _byDir ??= Packages.Concat(Tests).ToDictionary(p => p.Dir, StringComparer.Ordinal);

    /// <summary>
    /// The test packages, loaded only for <c>crossbuild test</c> and <c>list</c>: one per package with test files, whose
    /// Dir is the package's with <see cref="TestFile.DirSuffix"/>; sorted by Dir.
    /// </summary>
    public IReadOnlyList<Package> Tests { get; init; } = [];

    /// <summary>The test package of the package at <paramref name="dir"/>, if it has test files.</summary>
    public Package? TestOf(string dir) => ByDir(dir + TestFile.DirSuffix);

    /// <summary>Damage the loader found in its facts cache (and recovered from by rescanning), one line each.</summary>
    public IReadOnlyList<string> CacheProblems { get; init; } = [];

    /// <summary>The package (or test package) at module-relative <paramref name="dir"/>, if any.</summary>
    public Package? ByDir(string dir) => Index.GetValueOrDefault(dir);

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
                Visit(Index[dep]);
            order.Add(p);
        }
        foreach (var r in roots.OrderBy(p => p.Dir, StringComparer.Ordinal))
            Visit(r);
        return order;
    }
}
