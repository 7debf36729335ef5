namespace Crossbuild.Load.Resources;

/// <summary>What a package embeds: a .resx compiled to <c>.resources</c>, or a file as it is.</summary>
public enum ResourceKind
{
    /// <summary>A .resx file, compiled to a <c>.resources</c> stream as the SDK's GenerateResource does.</summary>
    Resx,

    /// <summary>Any other file (<c>embed</c>), embedded byte for byte.</summary>
    File,
}

/// <summary>
/// A resource of a package, named as <c>dotnet build</c> names it. A resource with a culture goes into that
/// culture's satellite assembly (<c>de/Name.resources.dll</c>) instead of the package's own.
/// </summary>
/// <param name="File">The file, relative to the package directory, '/'-separated ("../" for files from elsewhere).</param>
/// <param name="Kind">Resx or file.</param>
/// <param name="Name">The manifest resource name it is embedded under.</param>
/// <param name="Culture">Its culture as written in its file name, or null for the package's own assembly.</param>
/// <param name="FileHash">The SHA-256 of the file's bytes, checked again when it is compiled.</param>
/// <param name="Hash">Its identity: the file's hash and, for a .resx, the hashes of the files it links.</param>
public sealed record EmbeddedResource(string File, ResourceKind Kind, string Name, string? Culture, string FileHash, string Hash)
{
    /// <summary>The files a .resx links (<c>ResXFileRef</c>), full paths.</summary>
    public IReadOnlyList<string> Linked { get; init; } = [];

    /// <summary>The SHA-256 of each of <see cref="Linked"/> as the loader read it ("absent" for a missing one).</summary>
    public IReadOnlyDictionary<string, string> LinkedHashes { get; init; } = new Dictionary<string, string>();
}
