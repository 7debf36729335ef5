using Crossbuild.Diagnostics;
using NuGet.DependencyResolver;
using NuGet.Packaging;
using NuGet.Packaging.Core;
using NuGet.Protocol;
using NuGet.Protocol.Core.Types;

namespace Crossbuild.Deps;

/// <summary>
/// Puts resolved packages into the global packages folder and vouches for their hashes. A package already there is
/// reused when its recorded SHA-512 matches the lock file; a missing one is downloaded to a temp file, hashed,
/// checked against the lock, checked for unsafe entries, and only then extracted by NuGet's own
/// <c>PackageExtractor</c> (which marks the folder complete last). Nothing unverified reaches the folder.
/// </summary>
internal static class PackageInstaller
{
    /// <summary>The prefix of content hashes in the lock file and deps.json.</summary>
    public const string HashPrefix = "sha512-";

    /// <summary>
    /// Ensures every package is extracted, in parallel; returns each one's <c>sha512-…</c> hash by lock key.
    /// <paramref name="expected"/> gives the lock file's hash (null for new packages), <paramref name="providers"/>
    /// the source resolution matched, if known.
    /// </summary>
    public static IReadOnlyDictionary<string, string> EnsureAll(NuGetContext nuget, IEnumerable<ResolvedPackage> packages,
        Func<ResolvedPackage, string?> expected, IReadOnlyDictionary<string, IRemoteDependencyProvider>? providers = null)
    {
        var distinct = packages.DistinctBy(LockFile.HashKey).ToArray();
        var hashes = new System.Collections.Concurrent.ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        // Already extracted packages are checked inline (a file read each); only downloads go in parallel.
        var missing = new List<ResolvedPackage>();
        foreach (var p in distinct)
        {
            if (Installed(nuget, p, expected(p)) is { } hash) hashes[LockFile.HashKey(p)] = hash;
            else missing.Add(p);
        }
        if (missing.Count > 0)
            Parallel.ForEachAsync(missing, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (p, ct) =>
                hashes[LockFile.HashKey(p)] = await Download(nuget, p, expected(p), providers?.GetValueOrDefault(p.Id), ct)).GetAwaiter().GetResult();
        return hashes;
    }

    /// <summary>The hash of <paramref name="p"/> when it is extracted in the global folder, or null when it is not.</summary>
    private static string? Installed(NuGetContext nuget, ResolvedPackage p, string? expected)
    {
        var metadataFile = nuget.Layout.GetNupkgMetadataPath(p.Id, p.Version);
        if (!File.Exists(metadataFile)) return null;
        var contentHash = ContentHashOf(metadataFile);
        var actual = string.IsNullOrEmpty(contentHash) ? null : HashPrefix + contentHash;
        if (expected is not null && actual != expected)
            throw new CrossbuildException(
                $"package {p.Id} {p.Version} in {nuget.Layout.GetInstallPath(p.Id, p.Version)} does not match {LockFile.FileName}: " +
                $"its sha512 is {actual ?? "missing"}, the lock file has {expected}; refusing it");
        return actual ?? throw new CrossbuildException($"package {p.Id} {p.Version}: {metadataFile} has no content hash; delete the package folder to fetch it again");
    }

    private static async Task<string> Download(NuGetContext nuget, ResolvedPackage p, string? expected, IRemoteDependencyProvider? matched,
        CancellationToken ct)
    {
        var identity = new PackageIdentity(p.Id, p.Version);
        var what = $"package {p.Id} {p.Version.ToNormalizedString()}";
        var providers = matched is SourceProvider
            ? [matched]
            : nuget.Providers.Cast<IRemoteDependencyProvider>().ToArray();
        var tried = new List<string>();
        foreach (var provider in providers)
        {
            tried.Add(provider.Source!.Source);
            var temp = Path.Combine(Path.GetTempPath(), $"crossbuild-{Guid.NewGuid():N}.nupkg");
            try
            {
                var versions = await provider.GetAllVersionsAsync(p.Id, nuget.Cache, nuget.Logger, ct) ?? [];
                if (!versions.Contains(p.Version)) continue;
                using (var downloader = await provider.GetPackageDownloaderAsync(identity, nuget.Cache, nuget.Logger, ct))
                {
                    if (!await downloader.CopyNupkgFileToAsync(temp, ct)) continue;
                }
                SafeArchive.Check(temp, $"{what} from {provider.Source!.Source}");
                var hash = HashPrefix + ContentHash(temp);
                if (expected is not null && hash != expected)
                    throw new CrossbuildException(
                        $"{what} from {provider.Source!.Source} does not match {LockFile.FileName}: its sha512 is {hash}, the lock file has {expected}; refusing it");
                await PackageExtractor.InstallFromSourceAsync(provider.Source!.Source, identity,
                    async stream =>
                    {
                        await using var file = File.OpenRead(temp);
                        await file.CopyToAsync(stream, ct);
                    },
                    nuget.Layout, nuget.ExtractionContext(), ct);
                return Installed(nuget, p, hash)
                       ?? throw new CrossbuildException($"{what}: extraction into {nuget.GlobalFolder} did not complete");
            }
            catch (Exception e) when (e is FatalProtocolException or HttpRequestException or IOException or InvalidDataException)
            {
                tried[^1] += $" ({e.Message.Split('\n')[0].Trim()})";
            }
            finally
            {
                File.Delete(temp);
            }
        }
        throw new CrossbuildException($"{what} not found; sources tried: " +
                                      (tried.Count == 0 ? "(none configured)" : string.Join(", ", tried)));
    }

    // The contentHash of restore's .nupkg.metadata, read directly (NuGet's reader pulls in another JSON library).
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

    // Restore's content hash: the SHA-512 of the nupkg, leaving out a signature (so a repository's
    // countersignature does not change it); the same value packages.lock.json and deps.json record.
    private static string ContentHash(string nupkg)
    {
        using var reader = new PackageArchiveReader(nupkg);
        return reader.GetContentHash(CancellationToken.None);
    }
}
