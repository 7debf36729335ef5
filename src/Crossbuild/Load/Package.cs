namespace Crossbuild.Load;

/// <summary>A package loaded for one target: its files after constraints, its kind, name, imports and syntax.</summary>
public sealed record Package
{
    /// <summary>Module-relative, '/'-separated directory; '.' for the root.</summary>
    public required string Dir { get; init; }

    /// <summary>The package root as a full path.</summary>
    public required string FullDir { get; init; }

    /// <summary>The assembly name.</summary>
    public required string Name { get; init; }

    /// <summary>exe or lib.</summary>
    public required PackageKind Kind { get; init; }

    /// <summary>The files compiled for the target, relative to <see cref="Dir"/>, sorted ordinally.</summary>
    public required IReadOnlyList<string> Files { get; init; }

    /// <summary>The text of each of <see cref="Files"/>, as read and checked by the loader; the compile stage uses it.</summary>
    public required IReadOnlyList<string> Texts { get; init; }

    /// <summary>The SHA-256 of each of <see cref="Files"/>' bytes: what the build cache keys on.</summary>
    public required IReadOnlyList<string> Hashes { get; init; }

    /// <summary>The .cs files excluded by build constraints, sorted.</summary>
    public required IReadOnlyList<string> IgnoredFiles { get; init; }

    /// <summary>The Dirs of the packages this one depends on, sorted.</summary>
    public required IReadOnlyList<string> Imports { get; init; }

    /// <summary>The package's error, if loading it failed.</summary>
    public string? Error { get; init; }

    /// <summary>The package's manifest (implicit when it has no crossbuild.json).</summary>
    public required PackageManifest Manifest { get; init; }

    /// <summary>Namespaces the package declares.</summary>
    public required IReadOnlyList<string> DeclaredNamespaces { get; init; }

    /// <summary>Preprocessor symbols its conditional directives read, sorted.</summary>
    public required IReadOnlyList<string> SymbolsRead { get; init; }

    /// <summary>Whether build constraints exclude every file for this target.</summary>
    public bool IsExcluded => Files.Count == 0 && Error is null;

    /// <summary>The compile settings in effect.</summary>
    public CompileSettings Settings => Manifest.Settings;
}
