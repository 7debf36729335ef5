using Crossbuild.Diagnostics;
using Crossbuild.Load;
using Crossbuild.Targets;
using NuGet.Frameworks;
using NuGet.Protocol;
using NuGet.Versioning;

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
    /// <param name="load">The module, loaded.</param>
    /// <param name="frameworks">The frameworks to resolve for.</param>
    /// <param name="locked">Whether the lock file must already answer.</param>
    /// <param name="cache">The build cache (NuGet's HTTP cache lives beside it).</param>
    /// <param name="only">For frameworks only some packages compile for, the package IDs those ask for: only they
    /// resolve there (a netstandard2.0 analyzer never resolves the app's packages). Other frameworks resolve everything declared.</param>
    public static ModuleDependencies Ensure(LoadResult load, IEnumerable<TargetFramework> frameworks, bool locked,
        Cache.BuildCache? cache = null, IReadOnlyDictionary<string, IReadOnlyCollection<string>>? only = null)
    {
        only ??= new Dictionary<string, IReadOnlyCollection<string>>();
        var module = load.Module;
        // Test packages resolve and lock with the rest, so that building and testing share one lock file.
        var declared = module.Manifest.Packages.Concat(load.Packages.SelectMany(p => p.Manifest.Packages))
            .Concat(module.Manifest.TestPackages).Concat(load.Packages.SelectMany(p => p.Manifest.TestPackages)).ToArray();
        var existing = LockFile.Read(module.Root);
        if (declared.Length == 0 && existing is null) return ModuleDependencies.None;

        var merged = Merge(declared);
        var requested = merged.ToDictionary(r => r.Id, r => r.NormalizedRange, StringComparer.OrdinalIgnoreCase);
        var needed = frameworks.Select(f => f.Moniker).Distinct().Order(StringComparer.Ordinal).ToArray();
        // The lock file answers: check each package's recorded hash; NuGet loads only if one must be fetched.
        if (existing is not null && Stale(existing, requested, needed, only) is not { } _)
        {
            var folder = NuGetContext.Locate(module.Root, cache);
            NuGetContext? fetching = null;
            try
            {
                PackageInstaller.EnsureAll(folder, () => fetching = new NuGetContext(module.Root, cache),
                    needed.SelectMany(f => existing.Frameworks[f].Packages), existing.HashOf);
            }
            finally
            {
                fetching?.Dispose();
            }
            return new ModuleDependencies(existing, folder, lockWritten: false, cache, module.Root);
        }
        var reason = existing is null ? $"there is no {LockFile.FileName}" : Stale(existing, requested, needed, only)!;
        if (locked)
            throw new CrossbuildException($"--locked: {LockFile.FileName} would change ({reason}); build without --locked to update it");
        return Resolve(module, declared, merged, requested, needed, existing, cache, only);
    }

    // The cold path, apart so that a warm build never touches NuGet's resolver types.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static ModuleDependencies Resolve(Module module, IReadOnlyList<PackageRequirement> declared, IReadOnlyList<PackageRequirement> merged,
        Dictionary<string, string> requested, IReadOnlyList<string> needed, LockFile? existing, Cache.BuildCache? cache,
        IReadOnlyDictionary<string, IReadOnlyCollection<string>> only)
    {
        using var nuget = new NuGetContext(module.Root, cache);
        var graphs = new Dictionary<string, ResolvedGraph>(StringComparer.Ordinal);
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var framework in needed)
        {
            var wanted = only.TryGetValue(framework, out var ids) ? merged.Where(r => ids.Contains(r.Id)).ToArray() : merged;
            var (graph, providers) = Resolver.Resolve(nuget, wanted, NuGetFramework.Parse(framework));
            Check(declared, graph);
            foreach (var (key, hash) in PackageInstaller.EnsureAll(nuget.Folder, () => nuget, graph.Packages, p => existing?.HashOf(p), providers))
                hashes[key] = hash;
            // Every package must have assets for the framework (NU1202) before the lock file says it resolved.
            foreach (var p in graph.Packages)
                PackageAssets.Select(p, nuget.Folder.InstallPath(p), hashes[LockFile.HashKey(p)], NuGetFramework.Parse(framework), null);
            graphs[framework] = graph;
        }
        var lockFile = new LockFile(requested, graphs, hashes);
        var written = lockFile.WriteIfChanged(module.Root);
        return new ModuleDependencies(lockFile, nuget.Folder, written, cache, module.Root);
    }

    /// <summary>
    /// <c>crossbuild get id[@version]</c>: asks for <paramref name="id"/> at <paramref name="range"/> (default: its
    /// latest stable version) in the module manifest, resolves, and updates the lock file. When resolution fails
    /// the manifest is put back as it was. Returns the previous and the new requirement as written, and the version
    /// now resolved.
    /// </summary>
    /// <param name="workingDirectory">Where the module is found.</param>
    /// <param name="id">The package ID.</param>
    /// <param name="range">The version range; null for the latest stable version.</param>
    /// <param name="resolve">Loads the module and ensures its packages (the engine's <c>LoadWithDependencies</c>).</param>
    public static (string? Before, string After, ResolvedPackage Resolved) Get(string workingDirectory, string id, VersionRange? range,
        Func<(LoadResult Load, ModuleDependencies Dependencies)> resolve)
    {
        var module = Module.Find(workingDirectory);
        range ??= new VersionRange(Latest(module, id));
        var path = Path.Combine(module.Root, ModuleManifest.FileName);
        var original = File.ReadAllBytes(path);
        var before = ManifestEditor.SetPackage(module, id, range);
        try
        {
            var (load, deps) = resolve();
            return (before, ManifestEditor.Format(range), deps.Graph(load.Target.Framework).Find(id)!);
        }
        catch
        {
            Common.AtomicFile.Write(path, original);
            throw;
        }
    }

    // The highest stable version any source has (the highest prerelease when there is no stable one).
    private static NuGetVersion Latest(Module module, string id)
    {
        using var nuget = new NuGetContext(module.Root);
        var versions = nuget.AllVersions(id);
        return versions.Where(v => !v.IsPrerelease).DefaultIfEmpty().Max() ?? versions.Max()
            ?? throw new CrossbuildException($"package {id} not found; sources tried: {nuget.SourceList}");
    }

    /// <summary>Why <paramref name="lockFile"/> does not answer for these requirements and frameworks; null when it does.</summary>
    private static string? Stale(LockFile lockFile, IReadOnlyDictionary<string, string> requested, IReadOnlyList<string> frameworks,
        IReadOnlyDictionary<string, IReadOnlyCollection<string>> only)
    {
        foreach (var (id, range) in requested)
            if (!lockFile.Requested.TryGetValue(id, out var was)) return $"{id} {range} was added";
            else if (was != range) return $"{id} changed from {was} to {range}";
        foreach (var id in lockFile.Requested.Keys)
            if (!requested.ContainsKey(id)) return $"{id} was removed";
        foreach (var f in frameworks)
            if (!lockFile.Frameworks.TryGetValue(f, out var graph)) return $"framework {f} is not resolved yet";
            else if (only.TryGetValue(f, out var ids) && ids.FirstOrDefault(id => graph.Find(id) is null) is { } missing)
                return $"{missing} is not resolved for {f} yet";
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
