using Crossbuild.Common;
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
    // Keyed "framework|rid" (a string key keeps the dictionary's code precompiled).
    private readonly ConcurrentDictionary<string, Lazy<Dictionary<string, PackageAssets>>> _tables = new(StringComparer.Ordinal);

    private readonly Cache.BuildCache? _cache;
    private readonly string? _moduleRoot;
    private readonly ConcurrentQueue<string> _notices = new();

    /// <summary>What was repaired while assets were selected (a damaged package extracted again), one line each.</summary>
    public IReadOnlyList<string> Notices => _notices.ToArray();

    /// <summary>A module without packages.</summary>
    public static ModuleDependencies None { get; } = new(null, null, false);

    internal ModuleDependencies(LockFile? lockFile, GlobalFolder? globalFolder, bool lockWritten, Cache.BuildCache? cache = null,
        string? moduleRoot = null)
    {
        _cache = cache;
        _moduleRoot = moduleRoot;
        Lock = lockFile;
        GlobalFolder = globalFolder;
        LockWritten = lockWritten;
    }

    /// <summary>The lock file in effect, or null for a module without packages.</summary>
    public LockFile? Lock { get; }

    /// <summary>The global packages folder, or null for a module without packages.</summary>
    public GlobalFolder? GlobalFolder { get; }

    /// <summary>Whether this build wrote crossbuild.lock.json (resolution changed).</summary>
    public bool LockWritten { get; }

    /// <summary>The resolved graph for <paramref name="framework"/>; empty for a module without packages.</summary>
    public ResolvedGraph Graph(TargetFramework framework) =>
        Lock?.Frameworks.GetValueOrDefault(framework.Moniker) ?? new ResolvedGraph(framework.Moniker, []);

    /// <summary>
    /// The package IDs <paramref name="package"/> asks for directly: the module's, its own, and those of every
    /// package it imports (a PackageReference flows to dependents, as through a ProjectReference).
    /// </summary>
    /// <remarks>An analyzer package asks only for its own: it builds alone, for netstandard2.0, against its Roslyn.</remarks>
    /// <remarks>A test assembly also asks for the module's and its package's <c>testPackages</c>.</remarks>
    public static IReadOnlyList<string> Requested(Package package, LoadResult load) =>
        (package.Kind == PackageKind.Analyzer ? [] : load.Module.Manifest.Packages)
            .Concat(load.WithDependencies([package]).SelectMany(p => p.Manifest.Packages))
            .Concat(TestRequirements(package, load))
            .Select(r => r.Id)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.OrdinalIgnoreCase)
            .ToArray();

    /// <summary>
    /// The resolved packages <paramref name="package"/> uses, transitively, dependencies first: those of which
    /// <see cref="Flags"/> leaves it some asset.
    /// </summary>
    public IReadOnlyList<ResolvedPackage> For(Package package, LoadResult load)
    {
        if (Lock is null) return [];
        var flags = Flags(package, load);
        return Graph(load.Target.Framework).Closure(Requested(package, load)).Where(p => flags.GetValueOrDefault(p.Id) != AssetFlags.None).ToArray();
    }

    /// <summary>
    /// Which assets of each resolved package <paramref name="package"/> gets, as restore computes them: its own and the
    /// module's requirements give their <c>includeAssets</c> (less <c>excludeAssets</c>); an imported package's
    /// requirements give what they do not keep private (by default not content files, analyzers or build assets);
    /// a package's dependencies get what it got, unioned over every path.
    /// </summary>
    public IReadOnlyDictionary<string, AssetFlags> Flags(Package package, LoadResult load) =>
        Lock is null ? Empty : _flags.GetOrAdd(package.Dir + "|" + load.Target, _ => ComputeFlags(package, load));

    private static readonly Dictionary<string, AssetFlags> Empty = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, AssetFlags>> _flags = new(StringComparer.Ordinal);

    private Dictionary<string, AssetFlags> ComputeFlags(Package package, LoadResult load)
    {
        var roots = new Dictionary<string, AssetFlags>(StringComparer.OrdinalIgnoreCase);
        void Add(string id, AssetFlags f) => roots[id] = roots.GetValueOrDefault(id) | f;
        if (package.Kind != PackageKind.Analyzer)
            foreach (var r in load.Module.Manifest.Packages) Add(r.Id, r.Include);
        foreach (var r in package.Manifest.Packages.Concat(TestRequirements(package, load))) Add(r.Id, r.Include);
        foreach (var imported in load.WithDependencies([package]).Where(p => p != package))
            foreach (var r in imported.Manifest.Packages) Add(r.Id, r.Flowing);
        var graph = Graph(load.Target.Framework);
        var result = new Dictionary<string, AssetFlags>(StringComparer.OrdinalIgnoreCase);
        foreach (var (id, f) in roots)
            foreach (var p in graph.Closure([id]))
                result[p.Id] = result.GetValueOrDefault(p.Id) | f;
        return result;
    }

    /// <summary>
    /// A test assembly's test packages: its package's <c>testPackages</c> when it has them, else the module's (a
    /// package picks its own test framework); none for any other package.
    /// </summary>
    public static IReadOnlyList<PackageRequirement> TestRequirements(Package package, LoadResult load) =>
        package.TestOf is null ? [] : package.Manifest.TestPackages.Count > 0 ? package.Manifest.TestPackages : load.Module.Manifest.TestPackages;

    /// <summary>The assets of <paramref name="package"/> for <paramref name="framework"/> and <paramref name="rid"/> (null: portable).</summary>
    public PackageAssets Assets(ResolvedPackage package, TargetFramework framework, string? rid) =>
        _tables.GetOrAdd(framework.Moniker + "|" + rid, _ => new Lazy<Dictionary<string, PackageAssets>>(() => Table(framework, rid)))
            .Value[package.Key];

    // Every package's selection for one framework and RID. It is a pure function of the packages' contents (their
    // hashes), the framework, the RID, the SDK's RID graph and the compiler (for Roslyn-versioned analyzers), so it is
    // remembered in the build cache as one entry: a no-op build reads one file instead of running NuGet's content
    // model or reading each package.
    private Dictionary<string, PackageAssets> Table(TargetFramework framework, string? rid)
    {
        var packages = Graph(framework).Packages;
        var id = new ActionIdBuilder()
            .Add("action", "nuget-assets 5")
            .Add("tool", ToolVersion.Crossbuild)
            .Add("roslyn", ToolVersion.Roslyn)
            .Add("sdk", Env.DotnetEnvironment.Current.SdkDirectory ?? "")
            .Add("framework", framework.Moniker)
            .Add("rid", rid ?? "portable");
        foreach (var p in packages) id.Add("package", p.Key + " " + Lock!.HashOf(p));
        var key = id.Id;
        var table = new Dictionary<string, PackageAssets>(StringComparer.Ordinal);
        if (_cache?.Get(key) is { } entry)
        {
            foreach (var group in entry.Facts.GroupBy(f => f.Key[..f.Key.IndexOf(' ')], StringComparer.Ordinal))
            {
                var p = packages.First(x => x.Key == group.Key);
                table[p.Key] = PackageAssets.FromFacts(p, GlobalFolder!.InstallPath(p), Lock!.HashOf(p)!,
                    group.Select(f => new KeyValuePair<string, string>(f.Key[(f.Key.IndexOf(' ') + 1)..], f.Value)));
            }
            foreach (var p in packages) table.TryAdd(p.Key, PackageAssets.FromFacts(p, GlobalFolder!.InstallPath(p), Lock!.HashOf(p)!, []));
            Repair(table);
            return table;
        }
        var nugetFramework = NuGetFramework.Parse(framework.Moniker);
        foreach (var p in packages)
            table[p.Key] = PackageAssets.Select(p, GlobalFolder!.InstallPath(p), Lock!.HashOf(p)!, nugetFramework, rid);
        if (Repair(table))
            foreach (var p in packages) // selected from a damaged folder: select again from the repaired one
                table[p.Key] = PackageAssets.Select(p, GlobalFolder!.InstallPath(p), Lock!.HashOf(p)!, nugetFramework, rid);
        _cache?.Put(key, [], [], packages.SelectMany(p => table[p.Key].ToFacts()
            .Select(f => new KeyValuePair<string, string>(p.Key + " " + f.Key, f.Value))).ToArray());
        return table;
    }

    // A package whose extracted folder lacks a file its assets name (deleted by hand, a cleaner, a disk problem)
    // is extracted again from its source, verified against the lock file as on first use, and the repair is said.
    // Where that is impossible (offline), the error names the package and the way out.
    private bool Repair(Dictionary<string, PackageAssets> table)
    {
        var damaged = table.Values
            .Select(a => (Assets: a, Missing: a.Compile.Concat(a.Runtime.Select(r => r.FullPath)).Concat(a.Analyzers).FirstOrDefault(f => !File.Exists(f))))
            .Where(x => x.Missing is not null)
            .ToArray();
        foreach (var (assets, missing) in damaged)
        {
            var p = assets.Package;
            var shown = Path.GetRelativePath(assets.Folder, missing!).Replace('\\', '/');
            var hash = Lock!.HashOf(p);
            try
            {
                Directory.Delete(assets.Folder, recursive: true);
                NuGetContext? nuget = null;
                try
                {
                    PackageInstaller.EnsureAll(GlobalFolder!, () => nuget = new NuGetContext(_moduleRoot ?? assets.Folder, _cache), [p], _ => hash);
                }
                finally
                {
                    nuget?.Dispose();
                }
            }
            catch (Exception e) when (e is Diagnostics.CrossbuildException or IOException or UnauthorizedAccessException)
            {
                throw new Diagnostics.CrossbuildException(
                    $"package {p.Id} {p.Version} in {assets.Folder} is damaged ({shown} is missing) and could not be extracted again: " +
                    $"{e.Message.ReplaceLineEndings(" ")}; delete that folder and build again with its source reachable");
            }
            _notices.Enqueue($"package {p.Id} {p.Version} in the global packages folder was missing {shown}; extracted it again from its source");
        }
        return damaged.Length > 0;
    }
}
