namespace Crossbuild.Load;

/// <summary>What a package builds into.</summary>
public enum PackageKind
{
    /// <summary>A library: a dll and a reference assembly.</summary>
    Lib,

    /// <summary>An executable: top-level statements or a static Main.</summary>
    Exe,
}
