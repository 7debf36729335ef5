using Crossbuild.Diagnostics;
using Microsoft.CodeAnalysis;

namespace Crossbuild.Work.Compile;

/// <summary>The result of compiling a package: the three images, or none when compilation failed.</summary>
/// <param name="Name">The assembly name.</param>
/// <param name="Image">The implementation assembly, or null on failure.</param>
/// <param name="ReferenceImage">The metadata-only reference assembly that dependents compile against.</param>
/// <param name="Pdb">The portable PDB.</param>
/// <param name="Diagnostics">Errors and warnings, sorted by location.</param>
public sealed record CompiledAssembly(string Name, byte[]? Image, byte[]? ReferenceImage, byte[]? Pdb,
    IReadOnlyList<BuildDiagnostic> Diagnostics)
{
    private MetadataReference? _reference;

    /// <summary>Whether compilation succeeded.</summary>
    public bool Succeeded => Image is not null;

    /// <summary>
    /// The reference assembly as a Roslyn reference, created once so that every dependent shares it and Roslyn
    /// binds its symbols once.
    /// </summary>
    public MetadataReference Reference =>
        _reference ??= MetadataReference.CreateFromImage(ReferenceImage ?? throw new InvalidOperationException($"{Name} did not compile"),
            filePath: Name + ".dll");
}
