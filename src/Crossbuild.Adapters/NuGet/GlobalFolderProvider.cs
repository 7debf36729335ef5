using NuGet.Common;
using NuGet.Configuration;
using NuGet.DependencyResolver;
using NuGet.Frameworks;
using NuGet.LibraryModel;
using NuGet.Packaging;
using NuGet.Packaging.Core;
using NuGet.Protocol.Core.Types;
using NuGet.Versioning;

namespace Crossbuild.Adapters.NuGet;

/// <summary>
/// The global packages folder as the walker's local provider, as in restore: a package extracted completely
/// (its <c>.nupkg.metadata</c> written) answers without asking any source.
/// </summary>
internal sealed class GlobalFolderProvider(VersionFolderPathResolver layout, string root) : IRemoteDependencyProvider
{
    /// <inheritdoc/>
    public bool IsHttp => false;

    /// <inheritdoc/>
    public PackageSource Source { get; } = new(root, "global packages folder");

    /// <inheritdoc/>
    public SourceRepository SourceRepository => null!;

    /// <inheritdoc/>
    public Task<LibraryIdentity?> FindLibraryAsync(LibraryRange libraryRange, NuGetFramework targetFramework,
        SourceCacheContext cacheContext, ILogger logger, CancellationToken cancellationToken)
    {
        var best = libraryRange.VersionRange?.FindBestMatch(Versions(libraryRange.Name));
        return Task.FromResult<LibraryIdentity?>(best is null ? null : new LibraryIdentity(libraryRange.Name, best, LibraryType.Package));
    }

    /// <inheritdoc/>
    public Task<LibraryDependencyInfo> GetDependenciesAsync(LibraryIdentity libraryIdentity, NuGetFramework targetFramework,
        SourceCacheContext cacheContext, ILogger logger, CancellationToken cancellationToken)
    {
        var nuspec = new NuspecReader(layout.GetManifestFilePath(libraryIdentity.Name, libraryIdentity.Version));
        var identity = new LibraryIdentity(nuspec.GetId(), libraryIdentity.Version, LibraryType.Package);
        return Task.FromResult(LibraryDependencyInfo.Create(identity, targetFramework,
            SourceProvider.Dependencies(nuspec.GetDependencyGroups(), targetFramework)));
    }

    /// <inheritdoc/>
    public Task<IPackageDownloader> GetPackageDownloaderAsync(PackageIdentity packageIdentity, SourceCacheContext cacheContext,
        ILogger logger, CancellationToken cancellationToken) =>
        throw new NotSupportedException("packages in the global folder are already extracted");

    /// <inheritdoc/>
    public Task<IEnumerable<NuGetVersion>?> GetAllVersionsAsync(string id, SourceCacheContext cacheContext, ILogger logger,
        CancellationToken cancellationToken) => Task.FromResult<IEnumerable<NuGetVersion>?>(Versions(id));

    private IEnumerable<NuGetVersion> Versions(string id)
    {
        var dir = layout.GetVersionListPath(id);
        if (!Directory.Exists(dir)) return [];
        return Directory.EnumerateDirectories(dir)
            .Select(d => NuGetVersion.TryParse(Path.GetFileName(d), out var v) ? v : null)
            .OfType<NuGetVersion>()
            .Where(v => File.Exists(layout.GetNupkgMetadataPath(id, v)))
            .ToArray();
    }
}
