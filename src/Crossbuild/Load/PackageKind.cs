namespace Crossbuild.Load;

/// <summary>What a package builds into.</summary>
public enum PackageKind
{
    /// <summary>A library: a dll and a reference assembly.</summary>
    Lib,

    /// <summary>An executable: top-level statements or a static Main.</summary>
    Exe,

    /// <summary>
    /// Analyzers and source generators for other packages (<c>"kind": "analyzer"</c>): compiled for netstandard2.0,
    /// as a generator project is, and loaded into the compiler by the packages that list it under <c>analyzers</c>.
    /// </summary>
    Analyzer,
}
