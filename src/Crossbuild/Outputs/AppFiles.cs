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
public sealed record AppFiles(Launcher AppHost, IReadOnlyList<OutputFile> Files)
{
    /// <summary>The runtime packs a self-contained app carries, as <c>Id/version</c> (for its SBOM).</summary>
    public IReadOnlyList<string> RuntimePacks { get; init; } = [];
}

/// <summary>
/// A launcher's bytes: given, or made on demand under an identity (a single-file bundle, whose tens of megabytes are
/// only read and written when the installed launcher is not already the one that identity names).
/// </summary>
public sealed class Launcher
{
    private readonly Lazy<byte[]> _bytes;

    /// <summary>A launcher of <paramref name="bytes"/>.</summary>
    public Launcher(byte[] bytes) => _bytes = new(bytes);

    /// <summary>A launcher that <paramref name="make"/> makes when needed; equal identities make equal bytes.</summary>
    public Launcher(string identity, Func<byte[]> make)
    {
        Identity = identity;
        _bytes = new(make, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>What names the bytes (a hash of everything they are made from), or null when they are given.</summary>
    public string? Identity { get; }

    /// <summary>Whether the bytes were made (or given): false for a launcher the install found already in place.</summary>
    internal bool IsMade => _bytes.IsValueCreated;

    /// <summary>The bytes, made on first use.</summary>
    public byte[] Bytes => _bytes.Value;

    /// <summary>A launcher of <paramref name="bytes"/>.</summary>
    public static implicit operator Launcher(byte[] bytes) => new(bytes);
}
