using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Crossbuild.Work.Compile;

/// <summary>Loads source generators from analyzer assemblies into their own load context.</summary>
internal static class AnalyzerLoading
{
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

/// <summary>
/// The global analyzer options the SDK writes to its GeneratedMSBuildEditorConfig (<c>build_property.*</c>);
/// generators read some of them.
/// </summary>
internal sealed class GlobalOptionsProvider(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptionsProvider
{
    private static readonly AnalyzerConfigOptions Empty = new Options(new Dictionary<string, string>());
    private readonly AnalyzerConfigOptions _global = new Options(values);

    /// <inheritdoc/>
    public override AnalyzerConfigOptions GlobalOptions => _global;

    /// <inheritdoc/>
    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Empty;

    /// <inheritdoc/>
    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Empty;

    private sealed class Options(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) =>
            values.TryGetValue(key, out value);

        public override IEnumerable<string> Keys => values.Keys;
    }
}
