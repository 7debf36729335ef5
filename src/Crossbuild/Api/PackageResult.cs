using Crossbuild.Diagnostics;
using Crossbuild.Load;

namespace Crossbuild;

/// <summary>What a build did with one package for one target.</summary>
/// <param name="Dir">The package's module-relative directory.</param>
/// <param name="Name">Its assembly name.</param>
/// <param name="Kind">exe or lib.</param>
/// <param name="CacheHit">Whether the build cache had it (no compile ran).</param>
/// <param name="Succeeded">Whether it compiled.</param>
/// <param name="Diagnostics">Its compiler errors and warnings.</param>
public sealed record PackageResult(string Dir, string Name, PackageKind Kind, bool CacheHit, bool Succeeded,
    IReadOnlyList<BuildDiagnostic> Diagnostics)
{
    /// <summary>The framework it compiled for (a multi-targeted library has one result per framework).</summary>
    public string Framework { get; init; } = "";

    /// <summary>The implementation assembly, when the build kept it (an executable's part, or <c>KeepLibraries</c>).</summary>
    public byte[]? Image { get; init; }

    /// <summary>The compile's action ID (its cache key), when it compiled or came from the cache.</summary>
    public string? ActionId { get; init; }

    /// <summary>The portable PDB, alongside <see cref="Image"/>.</summary>
    public byte[]? Pdb { get; init; }

    /// <summary>The test framework a test assembly was compiled with (<c>crossbuild test</c>).</summary>
    public Test.TestFrameworkKind? TestFramework { get; init; }

    /// <summary>Its satellite assemblies by culture, alongside <see cref="Image"/>.</summary>
    public IReadOnlyList<(string Culture, byte[] Image)> Satellites { get; init; } = [];

    /// <summary>The module libraries it compiled against, direct and indirect.</summary>
    public IReadOnlyList<ModulePackage> ModuleReferences { get; init; } = [];

    /// <summary>The NuGet packages it compiled against, direct and indirect.</summary>
    public IReadOnlyList<Deps.PackageAssets> NuGetPackages { get; init; } = [];
}
