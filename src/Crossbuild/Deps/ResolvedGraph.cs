using NuGet.Versioning;

namespace Crossbuild.Deps;

/// <summary>A dependency as a package's nuspec declares it for one framework.</summary>
/// <param name="Id">The dependency's package ID.</param>
/// <param name="Range">The range it asks for, in NuGet's normalized form.</param>
public sealed record PackageEdge(string Id, string Range);

/// <summary>A package chosen by resolution for one framework.</summary>
/// <param name="Id">The package ID, cased as its nuspec has it.</param>
/// <param name="Version">The resolved version.</param>
/// <param name="Dependencies">Its dependencies from the group nearest to the framework, sorted by ID.</param>
public sealed record ResolvedPackage(string Id, NuGetVersion Version, IReadOnlyList<PackageEdge> Dependencies)
{
    /// <summary><c>Id/version</c>, the form deps.json and the lock file use.</summary>
    public string Key => $"{Id}/{Version.ToNormalizedString()}";
}

/// <summary>The packages resolution chose for one framework, sorted by ID.</summary>
/// <param name="Framework">The framework's short name, e.g. <c>net10.0</c>.</param>
/// <param name="Packages">The chosen packages.</param>
public sealed record ResolvedGraph(string Framework, IReadOnlyList<ResolvedPackage> Packages)
{
    private readonly Dictionary<string, ResolvedPackage> _byId = Packages.ToDictionary(p => p.Id, StringComparer.OrdinalIgnoreCase);

    /// <summary>The chosen package with <paramref name="id"/>, if any.</summary>
    public ResolvedPackage? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>
    /// <paramref name="ids"/> and everything they depend on, transitively, dependencies first (ties by ID), as a
    /// PackageReference flows to its dependents.
    /// </summary>
    public IReadOnlyList<ResolvedPackage> Closure(IEnumerable<string> ids)
    {
        var order = new List<ResolvedPackage>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        void Visit(string id)
        {
            if (!seen.Add(id) || Find(id) is not { } p) return;
            foreach (var d in p.Dependencies) Visit(d.Id);
            order.Add(p);
        }
        foreach (var id in ids.Order(StringComparer.OrdinalIgnoreCase)) Visit(id);
        return order;
    }
}
