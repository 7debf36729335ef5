using System.Reflection;
using System.Runtime.Loader;
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
                var loader = new Loader(group.Key);
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
        var loader = new Loader(Path.GetDirectoryName(paths[0])!);
        return paths
            .Select(p => new AnalyzerFileReference(p, loader))
            .SelectMany(r => r.GetGenerators(LanguageNames.CSharp))
            .ToArray();
    }

    // Analyzer assemblies resolve their siblings (Microsoft.Interop.SourceGeneration) from their folder and
    // Microsoft.CodeAnalysis from the default context, so they bind to the compiler in this process.
    private sealed class Loader(string directory) : AssemblyLoadContext("crossbuild-analyzers"), IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath) { }

        public Assembly LoadFromPath(string fullPath) => LoadFromAssemblyPath(fullPath);

        protected override Assembly? Load(AssemblyName name)
        {
            var candidate = Path.Combine(directory, name.Name + ".dll");
            return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
        }
    }
}
