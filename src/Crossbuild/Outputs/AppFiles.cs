namespace Crossbuild.Outputs;

/// <summary>A file of an executable's output: bytes, or a file to copy (the runtime of a self-contained app).</summary>
/// <param name="Name">The file name.</param>
/// <param name="Content">The bytes, or null to copy <paramref name="SourcePath"/>.</param>
/// <param name="Executable">Whether it gets the executable mode bits.</param>
/// <param name="SourcePath">The file to copy when <paramref name="Content"/> is null.</param>
/// <param name="CompareContent">Whether a copy compares bytes, not only size and mtime, before leaving a file alone.</param>
public sealed record OutputFile(string Name, byte[]? Content, bool Executable = false, string? SourcePath = null, bool CompareContent = false);

/// <summary>The files that make up an executable: the launcher, its assembly and the libraries it uses, the runtime files.</summary>
/// <param name="AppHost">The native launcher; its file name is chosen at install.</param>
/// <param name="Files">The other files, dependencies first, so that a launcher never points at a missing file.</param>
public sealed record AppFiles(byte[] AppHost, IReadOnlyList<OutputFile> Files)
{
    /// <summary>The runtime packs a self-contained app carries, as <c>Id/version</c> (for its SBOM).</summary>
    public IReadOnlyList<string> RuntimePacks { get; init; } = [];
}
