using NuGet.Common;
using NuGet.DependencyResolver;
using NuGet.Packaging.Core;
using NuGet.Protocol.Core.Types;

namespace Crossbuild.Adapters.NuGet;

/// <summary>Fetches one package's nupkg from one source, as restore does before it extracts it.</summary>
internal static class SourceDownload
{
    /// <summary>
    /// Copies the nupkg of <paramref name="identity"/> from <paramref name="provider"/> to <paramref name="destination"/>;
    /// false when the source does not have that version.
    /// </summary>
    public static async Task<bool> TryCopyAsync(IRemoteDependencyProvider provider, PackageIdentity identity, SourceCacheContext cache,
        ILogger logger, string destination, CancellationToken ct)
    {
        var versions = await provider.GetAllVersionsAsync(identity.Id, cache, logger, ct) ?? [];
        if (!versions.Contains(identity.Version)) return false;
        using var downloader = await provider.GetPackageDownloaderAsync(identity, cache, logger, ct);
        return await downloader.CopyNupkgFileToAsync(destination, ct);
    }
}
