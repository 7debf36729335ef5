using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;

namespace Crossbuild.Adapters.Roslyn;

/// <summary>
/// Loads a NuGet package's analyzer assemblies: their siblings (Microsoft.Interop.SourceGeneration) from their
/// folder, Microsoft.CodeAnalysis from the default context, so they bind to the compiler in this process.
/// </summary>
/// <param name="directory">The analyzer assemblies' folder.</param>
internal sealed class FolderAnalyzerLoader(string directory) : AssemblyLoadContext("crossbuild-analyzers"), IAnalyzerAssemblyLoader
{
    /// <inheritdoc/>
    public void AddDependencyLocation(string fullPath) { }

    /// <inheritdoc/>
    public Assembly LoadFromPath(string fullPath) => LoadFromAssemblyPath(fullPath);

    /// <inheritdoc/>
    protected override Assembly? Load(AssemblyName name)
    {
        var candidate = Path.Combine(directory, name.Name + ".dll");
        return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
    }
}
