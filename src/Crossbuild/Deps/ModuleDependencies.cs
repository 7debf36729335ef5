using System.Collections.Concurrent;
using Crossbuild.Load;
using Crossbuild.Targets;
using NuGet.Frameworks;

namespace Crossbuild.Deps;

/// <summary>
/// A module's NuGet packages after resolution: the locked graph per framework, where each package is extracted,
/// and its assets per target (selected once per process and shared by every action that needs them).
/// </summary>
public sealed class ModuleDependencies
{
    private readonly ConcurrentDictionary<(string Key, string Framework, string? Rid), PackageAssets> _assets = new();
    private readonly NuGet.Packaging.VersionFolderPathResolver? _layout;

    private readonly Cache.BuildCache? _cache;

    /// <summary>A module without packages.</summary>
    public static ModuleDependencies None { get; } = new(null, null, false);

    internal ModuleDependencies(LockFile? lockFile, string? globalFolder, bool lockWritten, Cache.BuildCache? cache = null)
    {
        _cache = cache;
        Lock = lockFile;
        GlobalFolder = globalFolder;
        LockWritten = lockWritten;
        _layout = globalFolder is null ? null : new NuGet.Packaging.VersionFolderPathResolver(globalFolder);
    }

    /// <summary>The lock file in effect, or null for a module without packages.</summary>
    public LockFile? Lock { get; }

    /// <summary>The global packages folder, or null for a module without packages.</summary>
    public string? GlobalFolder { get; }

    /// <summary>Whether this build wrote crossbuild.lock.json (resolution changed).</summary>
    public bool LockWritten { get; }

    /// <summary>The resolved graph for <paramref name="framework"/>; empty for a module without packages.</summary>
    public ResolvedGraph Graph(TargetFramework framework) =>
        Lock?.Frameworks.GetValueOrDefault(framework.Moniker) ?? new ResolvedGraph(framework.Moniker, []);

    /// <summary>
    /// The package IDs <paramref name="package"/> asks for directly: the module's, its own, and those of every
    /// package it imports (a PackageReference flows to dependents, as through a ProjectReference).
    /// </summary>
    public static IReadOnlyList<string> Requested(Package package, LoadResult load) =>
        load.Module.Manifest.Packages
            .Concat(load.WithDependencies([package]).SelectMany(p => p.Manifest.Packages))
            .Select(r => r.Id)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.OrdinalIgnoreCase)
            .ToArray();

    /// <summary>The resolved packages <paramref name="package"/> compiles against, transitively, dependencies first.</summary>
    public IReadOnlyList<ResolvedPackage> For(Package package, LoadResult load) =>
        Lock is null ? [] : Graph(load.Target.Framework).Closure(Requested(package, load));

    /// <summary>The assets of <paramref name="package"/> for <paramref name="framework"/> and <paramref name="rid"/> (null: portable).</summary>
    public PackageAssets Assets(ResolvedPackage package, TargetFramework framework, string? rid) =>
        _assets.GetOrAdd((package.Key, framework.Moniker, rid), _ => Select(package, framework, rid));

    // The selection is a pure function of the package's content (its hash), the framework, the RID, the SDK's RID
    // graph and the compiler (for Roslyn-versioned analyzers): remembered in the build cache, so a no-op build does
    // not run NuGet's content model again.
    private PackageAssets Select(ResolvedPackage package, TargetFramework framework, string? rid)
    {
        var folder = _layout!.GetInstallPath(package.Id, package.Version);
        var hash = Lock!.HashOf(package)!;
        var id = new Cache.ActionIdBuilder()
            .Add("action", "nuget-assets 1")
            .Add("tool", ToolVersion.Crossbuild)
            .Add("roslyn", ToolVersion.Roslyn)
            .Add("sdk", Env.DotnetEnvironment.Current.SdkDirectory ?? "")
            .Add("package", package.Key + " " + hash)
            .Add("framework", framework.Moniker)
            .Add("rid", rid ?? "portable")
            .Id;
        if (_cache?.Get(id) is { } entry)
            return PackageAssets.FromFacts(package, folder, hash, entry.Facts);
        var assets = PackageAssets.Select(package, folder, hash, NuGetFramework.Parse(framework.Moniker), rid);
        _cache?.Put(id, [], [], assets.ToFacts().ToArray());
        return assets;
    }
}
