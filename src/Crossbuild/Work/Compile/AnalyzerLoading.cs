using System.Reflection;
using System.Runtime.Loader;
using Crossbuild.Adapters.Roslyn;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Crossbuild.Work.Compile;

/// <summary>Loads source generators from analyzer assemblies into their own load context.</summary>
internal static class AnalyzerLoading
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<(ISourceGenerator[], DiagnosticAnalyzer[])>> Packages =
        new(StringComparer.Ordinal);

    /// <summary>
    /// The C# generators and analyzers of NuGet packages' analyzer assemblies, loaded once per folder per process
    /// (each folder in its own load context, so a package's analyzers resolve their siblings).
    /// </summary>
    public static (IReadOnlyList<ISourceGenerator> Generators, IReadOnlyList<DiagnosticAnalyzer> Analyzers) LoadPackageAnalyzers(IReadOnlyList<string> paths)
    {
        var generators = new List<ISourceGenerator>();
        var analyzers = new List<DiagnosticAnalyzer>();
        foreach (var group in paths.GroupBy(p => Path.GetDirectoryName(p)!, StringComparer.Ordinal))
        {
            var files = group.Order(StringComparer.Ordinal).ToArray();
            var (g, a) = Packages.GetOrAdd(string.Join('|', files), _ => new(() =>
            {
                var loader = new FolderAnalyzerLoader(group.Key);
                var references = files.Select(p => new AnalyzerFileReference(p, loader)).ToArray();
                return (references.SelectMany(r => r.GetGenerators(LanguageNames.CSharp)).ToArray(),
                        references.SelectMany(r => r.GetAnalyzers(LanguageNames.CSharp)).ToArray());
            })).Value;
            generators.AddRange(g);
            analyzers.AddRange(a);
        }
        return (generators, analyzers);
    }

    /// <summary>The C# source generators in <paramref name="paths"/>, in path order.</summary>
    public static IReadOnlyList<ISourceGenerator> LoadGenerators(IReadOnlyList<string> paths)
    {
        if (paths.Count == 0) return [];
        var loader = new FolderAnalyzerLoader(Path.GetDirectoryName(paths[0])!);
        return paths
            .Select(p => new AnalyzerFileReference(p, loader))
            .SelectMany(r => r.GetGenerators(LanguageNames.CSharp))
            .ToArray();
    }

    private static readonly object ModuleLock = new();
    private static readonly Dictionary<string, (string Hash, ModuleAnalyzerContext Context, ISourceGenerator[] Generators, DiagnosticAnalyzer[] Analyzers)> Module =
        new(StringComparer.Ordinal);

    /// <summary>
    /// The C# generators and analyzers of a module's analyzer package, compiled to <paramref name="image"/>: loaded
    /// once per implementation into a collectible load context of its own, so that a long-lived process loads a
    /// changed generator afresh and unloads the old one. Microsoft.CodeAnalysis and the framework come from this
    /// process; other assemblies from <paramref name="dependencies"/> (the analyzer's NuGet packages).
    /// </summary>
    public static (IReadOnlyList<ISourceGenerator> Generators, IReadOnlyList<DiagnosticAnalyzer> Analyzers) LoadModuleAnalyzer(
        string name, string hash, byte[] image, byte[]? pdb, IReadOnlyList<string> dependencies)
    {
        lock (ModuleLock)
        {
            if (Module.TryGetValue(name, out var loaded))
            {
                if (loaded.Hash == hash) return (loaded.Generators, loaded.Analyzers);
                Module.Remove(name);
                loaded.Context.Unload();
            }
            var context = new ModuleAnalyzerContext(name, dependencies);
            using var pe = new MemoryStream(image, writable: false);
            using var symbols = pdb is null ? null : new MemoryStream(pdb, writable: false);
            var assembly = context.LoadFromStream(pe, symbols);
            var (generators, analyzers) = Instantiate(assembly);
            Module[name] = (hash, context, generators, analyzers);
            return (generators, analyzers);
        }
    }

    // What AnalyzerFileReference finds: [Generator] types (C# or no language given) and [DiagnosticAnalyzer] types for C#.
    private static (ISourceGenerator[], DiagnosticAnalyzer[]) Instantiate(Assembly assembly)
    {
        var generators = new List<ISourceGenerator>();
        var analyzers = new List<DiagnosticAnalyzer>();
        foreach (var type in assembly.GetTypes().Where(t => t is { IsAbstract: false, IsClass: true }).OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            if (type.GetCustomAttribute<GeneratorAttribute>() is { } g && (g.Languages.Length == 0 || g.Languages.Contains(LanguageNames.CSharp)))
            {
                var instance = Activator.CreateInstance(type);
                if (instance is IIncrementalGenerator incremental) generators.Add(incremental.AsSourceGenerator());
                else if (instance is ISourceGenerator generator) generators.Add(generator);
            }
            if (type.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is { } a && a.Languages.Contains(LanguageNames.CSharp) &&
                Activator.CreateInstance(type) is DiagnosticAnalyzer analyzer)
                analyzers.Add(analyzer);
        }
        return ([.. generators], [.. analyzers]);
    }

    // The compiler's own assemblies (and the framework) resolve from the default context, so the generator binds to
    // the Roslyn in this process; the rest from the analyzer's NuGet packages.
    private sealed class ModuleAnalyzerContext(string name, IReadOnlyList<string> dependencies)
        : AssemblyLoadContext("crossbuild-analyzer " + name, isCollectible: true)
    {
        private static readonly HashSet<string> Platform = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Select(Path.GetFileNameWithoutExtension).OfType<string>()
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            if (assemblyName.Name is not { } simple || Platform.Contains(simple) || simple.StartsWith("Microsoft.CodeAnalysis", StringComparison.OrdinalIgnoreCase) ||
                Default.Assemblies.Any(a => string.Equals(a.GetName().Name, simple, StringComparison.OrdinalIgnoreCase)))
                return null;
            var file = dependencies.FirstOrDefault(d => string.Equals(Path.GetFileNameWithoutExtension(d), simple, StringComparison.OrdinalIgnoreCase));
            return file is null ? null : LoadFromAssemblyPath(file);
        }
    }
}
