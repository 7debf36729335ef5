using Crossbuild.Common;
using Crossbuild.Adapters.NuGet;
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
    public static IReadOnlyDictionary<string, string> EnsureAll(GlobalFolder folder, Func<NuGetContext> nuget, IEnumerable<ResolvedPackage> packages,
        Func<ResolvedPackage, string?> expected, IReadOnlyDictionary<string, IRemoteDependencyProvider>? providers = null)
    {
        var distinct = packages.DistinctBy(LockFile.HashKey).ToArray();
        var hashes = new System.Collections.Concurrent.ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        // Already extracted packages are checked inline (a file read each, no NuGet code); only downloads go in parallel.
        var missing = new List<ResolvedPackage>();
        foreach (var p in distinct)
        {
            if (folder.VerifiedHash(p, expected(p)) is { } hash) hashes[LockFile.HashKey(p)] = hash;
            else missing.Add(p);
        }
        if (missing.Count > 0)
        {
            var context = nuget();
            var failures = new System.Collections.Concurrent.ConcurrentDictionary<string, CrossbuildException>(StringComparer.Ordinal);
            Parallel.ForEachAsync(missing, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (p, ct) =>
            {
                try
                {
                    hashes[LockFile.HashKey(p)] = await Download(context, folder, p, expected(p), providers?.GetValueOrDefault(p.Id), ct);
                }
                catch (CrossbuildException e)
                {
                    failures[LockFile.HashKey(p)] = e;
                }
            }).GetAwaiter().GetResult();
            // Downloads finish in any order; report the first failing package by name, so the error is stable.
            if (!failures.IsEmpty) throw failures.OrderBy(f => f.Key, StringComparer.Ordinal).First().Value;
        }
        return hashes;
    }

    private static async Task<string> Download(NuGetContext nuget, GlobalFolder folder, ResolvedPackage p, string? expected, IRemoteDependencyProvider? matched,
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
                if (!await SourceDownload.TryCopyAsync(provider, identity, nuget.Cache, nuget.Logger, temp, ct)) continue;
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
                return folder.VerifiedHash(p, hash)
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

    // Restore's content hash: the SHA-512 of the nupkg, leaving out a signature (so a repository's
    // countersignature does not change it); the same value packages.lock.json and deps.json record.
    private static string ContentHash(string nupkg)
    {
        using var reader = new PackageArchiveReader(nupkg);
        return reader.GetContentHash(CancellationToken.None);
    }
}
