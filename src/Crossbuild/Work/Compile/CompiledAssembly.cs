using Crossbuild.Common;
using Crossbuild.Cache;
using Crossbuild.Diagnostics;
using Microsoft.CodeAnalysis;

namespace Crossbuild.Work.Compile;

/// <summary>
/// The result of compiling a package: its assembly, reference assembly and PDB (fresh from Roslyn or read from
/// the cache), or a failure with its diagnostics.
/// </summary>
public sealed class CompiledAssembly
{
    private readonly byte[]? _image, _referenceImage, _pdb;
    private MetadataReference? _reference;

    /// <summary>
    /// Creates a result: for a success at least the reference assembly (the implementation and PDB may be left
    /// unread when no executable needs them), nothing for a failure.
    /// </summary>
    /// <param name="name">The assembly name.</param>
    /// <param name="image">The implementation assembly (null on failure, or when not read from the cache).</param>
    /// <param name="referenceImage">The reference assembly (null on failure).</param>
    /// <param name="pdb">The PDB (null on failure, or when not read from the cache).</param>
    /// <param name="diagnostics">Errors and warnings.</param>
    /// <param name="referenceHash">The reference assembly's SHA-256 when already known (a verified cache read).</param>
    public CompiledAssembly(string name, byte[]? image, byte[]? referenceImage, byte[]? pdb, IReadOnlyList<BuildDiagnostic> diagnostics,
        string? referenceHash = null)
    {
        Name = name;
        _image = image;
        _referenceImage = referenceImage;
        _pdb = pdb;
        Diagnostics = diagnostics;
        ReferenceHash = referenceImage is null ? null : referenceHash ?? ContentHash.Of(referenceImage);
    }

    /// <summary>The assembly name.</summary>
    public string Name { get; }

    /// <summary>Errors and warnings, sorted by location.</summary>
    public IReadOnlyList<BuildDiagnostic> Diagnostics { get; }

    /// <summary>The action ID it was compiled or found under (<see cref="CompileKey"/>), once the cache step knows it.</summary>
    public string? ActionId { get; internal set; }

    /// <summary>Whether compilation succeeded.</summary>
    public bool Succeeded => _referenceImage is not null;

    /// <summary>The SHA-256 of the reference assembly: what dependents' cache keys depend on.</summary>
    public string? ReferenceHash { get; }

    /// <summary>The SHA-256 of the implementation assembly, which must be available (an analyzer's: what its users run).</summary>
    public string ImplementationHash => _implementationHash ??= ContentHash.Of(Image);

    private string? _implementationHash;

    /// <summary>Its satellite assemblies by culture (<c>de/Name.resources.dll</c>), when the implementation was produced or read.</summary>
    public IReadOnlyList<(string Culture, byte[] Image)> Satellites { get; init; } = [];

    /// <summary>
    /// What source generators added, as <c>&lt;generator assembly&gt;/&lt;generator type&gt;/&lt;hint name&gt;</c> paths (the
    /// SDK's EmitCompilerGeneratedFiles layout) with their texts, when the implementation was produced or read.
    /// </summary>
    public IReadOnlyList<(string Path, string Text)> Generated { get; init; } = [];

    /// <summary>Whether this result came from the cache.</summary>
    public bool FromCache { get; init; }

    /// <summary>The implementation assembly.</summary>
    public byte[] Image => _image ?? throw Unavailable();

    /// <summary>The metadata-only reference assembly.</summary>
    public byte[] ReferenceImage => _referenceImage ?? throw Unavailable();

    /// <summary>The portable PDB.</summary>
    public byte[] Pdb => _pdb ?? throw Unavailable();

    /// <summary>The implementation assembly if it was produced or read; null otherwise.</summary>
    public byte[]? ImageIfAvailable => _image;

    /// <summary>The PDB if it was produced or read; null otherwise.</summary>
    public byte[]? PdbIfAvailable => _pdb;

    /// <summary>
    /// The reference assembly as a Roslyn reference, created once so that every dependent shares it and Roslyn
    /// binds its symbols once.
    /// </summary>
    public MetadataReference Reference => _reference ??= MetadataReference.CreateFromImage(ReferenceImage, filePath: Name + ".dll");

    private InvalidOperationException Unavailable() => new($"{Name}: output not available (failed, or not read from the cache)");
}
