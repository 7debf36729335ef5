using Crossbuild.Diagnostics;
using Crossbuild.Load;
using Crossbuild.Targets;
using NuGet.Frameworks;

namespace Crossbuild.Deps;

/// <summary>
/// Brings a module's NuGet packages to a buildable state before planning: the lock file is the truth when it
/// matches what the manifests ask for (no source is contacted, every package's hash is checked); otherwise
/// resolution runs, missing packages are fetched and verified, and the lock file is rewritten.
/// </summary>
public static class DependencyService
{
    /// <summary>
    /// Ensures the packages of <paramref name="load"/>'s module for <paramref name="frameworks"/>.
    /// With <paramref name="locked"/> a build fails instead of changing the lock file.
    /// </summary>
    public static ModuleDependencies Ensure(LoadResult load, IEnumerable<TargetFramework> frameworks, bool locked)
    {
        var module = load.Module;
        var declared = module.Manifest.Packages.Concat(load.Packages.SelectMany(p => p.Manifest.Packages)).ToArray();
        var existing = LockFile.Read(module.Root);
        if (declared.Length == 0 && existing is null) return ModuleDependencies.None;

        var merged = Merge(declared);
        var requested = merged.ToDictionary(r => r.Id, r => r.NormalizedRange, StringComparer.OrdinalIgnoreCase);
        var needed = frameworks.Select(f => f.Moniker).Distinct().Order(StringComparer.Ordinal).ToArray();
        using var nuget = new NuGetContext(module.Root);

        if (existing is not null && Stale(existing, requested, needed) is not { } _)
        {
            PackageInstaller.EnsureAll(nuget, needed.SelectMany(f => existing.Frameworks[f].Packages), existing.HashOf);
            return new ModuleDependencies(existing, nuget.GlobalFolder, lockWritten: false);
        }
        var reason = existing is null ? $"there is no {LockFile.FileName}" : Stale(existing, requested, needed)!;
        if (locked)
            throw new CrossbuildException($"--locked: {LockFile.FileName} would change ({reason}); build without --locked to update it");

        var graphs = new Dictionary<string, ResolvedGraph>(StringComparer.Ordinal);
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var framework in needed)
        {
            var (graph, providers) = Resolver.Resolve(nuget, merged, NuGetFramework.Parse(framework));
            Check(declared, graph);
            foreach (var (key, hash) in PackageInstaller.EnsureAll(nuget, graph.Packages, p => existing?.HashOf(p), providers))
                hashes[key] = hash;
            graphs[framework] = graph;
        }
        var lockFile = new LockFile(requested, graphs, hashes);
        var written = lockFile.WriteIfChanged(module.Root);
        return new ModuleDependencies(lockFile, nuget.GlobalFolder, written);
    }

    /// <summary>Why <paramref name="lockFile"/> does not answer for these requirements and frameworks; null when it does.</summary>
    private static string? Stale(LockFile lockFile, IReadOnlyDictionary<string, string> requested, IReadOnlyList<string> frameworks)
    {
        foreach (var (id, range) in requested)
            if (!lockFile.Requested.TryGetValue(id, out var was)) return $"{id} {range} was added";
            else if (was != range) return $"{id} changed from {was} to {range}";
        foreach (var id in lockFile.Requested.Keys)
            if (!requested.ContainsKey(id)) return $"{id} was removed";
        foreach (var f in frameworks)
            if (!lockFile.Frameworks.ContainsKey(f)) return $"framework {f} is not resolved yet";
        return null;
    }

    // Several manifests may ask for one package: the root asks for the highest lower bound, and every declaration
    // must then be satisfied (checked after resolution).
    private static IReadOnlyList<PackageRequirement> Merge(IEnumerable<PackageRequirement> declared) =>
        declared.GroupBy(r => r.Id, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.OrderByDescending(r => r.Range.MinVersion).First())
            .OrderBy(r => r.Id, StringComparer.OrdinalIgnoreCase)
            .ToArray();

    private static void Check(IEnumerable<PackageRequirement> declared, ResolvedGraph graph)
    {
        foreach (var r in declared)
            if (graph.Find(r.Id) is { } p && !r.Range.Satisfies(p.Version))
                throw new CrossbuildException(
                    $"{r.DeclaredAt}: package {r.Id} {r.Range.PrettyPrint()}: resolved to {p.Version} (another manifest asks for more), outside this range");
    }
}
