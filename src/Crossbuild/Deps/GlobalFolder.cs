using Crossbuild.Diagnostics;

namespace Crossbuild.Deps;

/// <summary>
/// The global packages folder's layout, as restore writes it: <c>&lt;root&gt;/&lt;id&gt;/&lt;version&gt;/</c> in lower
/// case, complete once <c>.nupkg.metadata</c> exists. Written out here so a warm build checks packages without
/// loading NuGet's assemblies.
/// </summary>
/// <param name="Root">The folder's full path.</param>
public sealed record GlobalFolder(string Root)
{
    /// <summary>Where <paramref name="package"/> is extracted.</summary>
    public string InstallPath(ResolvedPackage package) =>
        Path.Combine(Root, package.Id.ToLowerInvariant(), package.Version.ToNormalizedString().ToLowerInvariant());

    /// <summary>
    /// The content hash (<c>sha512-…</c>) of <paramref name="package"/> when it is extracted completely, or null when it
    /// is not there. A hash that differs from <paramref name="expected"/> is refused.
    /// </summary>
    public string? VerifiedHash(ResolvedPackage package, string? expected)
    {
        var folder = InstallPath(package);
        var metadataFile = Path.Combine(folder, ".nupkg.metadata");
        if (!File.Exists(metadataFile)) return null;
        var contentHash = ContentHashOf(metadataFile);
        var actual = string.IsNullOrEmpty(contentHash) ? null : PackageInstaller.HashPrefix + contentHash;
        if (expected is not null && actual != expected)
            throw new CrossbuildException(
                $"package {package.Id} {package.Version} in {folder} does not match {LockFile.FileName}: " +
                $"its sha512 is {actual ?? "missing"}, the lock file has {expected}; refusing it");
        return actual ?? throw new CrossbuildException(
            $"package {package.Id} {package.Version}: {metadataFile} has no content hash; delete the package folder to fetch it again");
    }

    // The contentHash restore records in .nupkg.metadata.
    private static string? ContentHashOf(string metadataFile)
    {
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(metadataFile));
            return doc.RootElement.TryGetProperty("contentHash", out var hash) ? hash.GetString() : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
