using System.Collections.Concurrent;
using Crossbuild.Diagnostics;
using Crossbuild.Targets;
using Microsoft.CodeAnalysis;

namespace Crossbuild.Work.Compile;

/// <summary>
/// A framework's reference assemblies and source generators from its reference pack
/// (<c>packs/Microsoft.NETCore.App.Ref/&lt;ver&gt;/ref/&lt;tfm&gt;</c> and <c>analyzers/dotnet/cs</c>).
/// Loaded once per process and shared by every compilation: Roslyn then reuses the bound assembly symbols
/// instead of rebinding about 160 references per compile.
/// </summary>
public sealed class FrameworkReferences
{
    private static readonly ConcurrentDictionary<string, Lazy<FrameworkReferences>> Cache = new(StringComparer.Ordinal);

    private readonly Lazy<IReadOnlyList<ISourceGenerator>> _generators;

    private FrameworkReferences(TargetFramework framework, string packDir, MetadataReference[] references, string[] analyzers,
        Func<IReadOnlyList<ISourceGenerator>>? generators = null)
    {
        Framework = framework;
        PackDirectory = packDir;
        References = references;
        AnalyzerPaths = analyzers;
        _generators = new Lazy<IReadOnlyList<ISourceGenerator>>(generators ?? (() => AnalyzerLoading.LoadGenerators(analyzers)));
    }

    /// <summary>The framework.</summary>
    public TargetFramework Framework { get; }

    /// <summary>The reference pack's version folder.</summary>
    public string PackDirectory { get; }

    /// <summary>The pack's version, e.g. 10.0.12.</summary>
    public string PackVersion => Packs.VersionOf(PackDirectory);

    /// <summary>The framework's reference assemblies, sorted by file name.</summary>
    public IReadOnlyList<MetadataReference> References { get; }

    /// <summary>The pack's C# analyzer and generator assemblies, sorted by file name.</summary>
    public IReadOnlyList<string> AnalyzerPaths { get; }

    /// <summary>The source generators the pack ships, loaded once.</summary>
    public IReadOnlyList<ISourceGenerator> Generators => _generators.Value;

    /// <summary>
    /// The shared references for <paramref name="framework"/>: the SDK's reference pack, else one fetched from NuGet
    /// (nuget.config found from <paramref name="configRoot"/>); a clear error when neither is possible.
    /// </summary>
    public static FrameworkReferences For(TargetFramework framework, string? configRoot = null) =>
        Cache.GetOrAdd(framework.Moniker, _ => new Lazy<FrameworkReferences>(() => Load(framework, configRoot))).Value;

    /// <summary>
    /// The references and generators of <paramref name="framework"/> with the shared frameworks
    /// <paramref name="shared"/> too (their reference packs' assemblies and the generators the SDK passes from them).
    /// </summary>
    public static FrameworkReferences For(TargetFramework framework, IReadOnlyList<string> shared, string? configRoot = null)
    {
        var netcore = For(framework, configRoot);
        if (shared.Count == 0) return netcore;
        return Cache.GetOrAdd(framework.Moniker + "|" + string.Join(';', shared), _ => new Lazy<FrameworkReferences>(() =>
        {
            var references = new List<MetadataReference>(netcore.References);
            var analyzers = new List<string>();
            foreach (var name in shared)
            {
                var sharedFramework = SharedFramework.Find(name) ?? throw new CrossbuildException($"unknown shared framework {name}");
                var extra = Load(framework, configRoot, sharedFramework.ReferencePack);
                references.AddRange(extra.References);
                analyzers.AddRange(extra.AnalyzerPaths.Where(a => !sharedFramework.SkippedAnalyzers.Contains(Path.GetFileNameWithoutExtension(a))));
            }
            return new FrameworkReferences(framework, netcore.PackDirectory, [.. references], [.. netcore.AnalyzerPaths, .. analyzers],
                () => [.. netcore.Generators, .. AnalyzerLoading.LoadGenerators([.. analyzers])]);
        })).Value;
    }

    private static FrameworkReferences Load(TargetFramework framework, string? configRoot, string packName = Packs.ReferencePackName)
    {
        string pack, refDir;
        string[]? only = null;
        if (!framework.IsNetCoreApp && packName == Packs.ReferencePackName)
            (pack, refDir, only) = Packs.LibraryOnly(framework, configRoot);
        else
        {
            pack = configRoot is null ? Packs.Find(packName, framework) : Packs.FindOrFetch(packName, framework, configRoot);
            refDir = Path.Combine(pack, "ref", framework.Moniker);
        }
        if (!Directory.Exists(refDir))
            throw new CrossbuildException($"framework {framework}: reference pack {pack} has no ref/{framework.Moniker} folder");
        var references = Directory.GetFiles(refDir, "*.dll")
            .Where(path => only is null || only.Contains(Path.GetFileName(path), StringComparer.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToArray();
        var analyzerDir = Path.Combine(pack, "analyzers", "dotnet", "cs");
        var analyzers = Directory.Exists(analyzerDir)
            ? Directory.GetFiles(analyzerDir, "*.dll").Order(StringComparer.Ordinal).ToArray()
            : [];
        return new FrameworkReferences(framework, pack, references, analyzers);
    }
}
