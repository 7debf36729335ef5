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
/// One package source (a feed or folder from nuget.config) as NuGet's dependency walker sees it: the versions of a
/// package, its dependency group for a framework (nearest framework wins), and a downloader.
/// </summary>
/// <param name="repository">The source.</param>
/// <param name="corrupt">The error for a package of the source that cannot be read, from its ID and NuGet's message.</param>
internal sealed class SourceProvider(SourceRepository repository, Func<string, string, Exception> corrupt) : IRemoteDependencyProvider
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private FindPackageByIdResource? _finder;

    /// <inheritdoc/>
    public bool IsHttp => repository.PackageSource.IsHttp;

    /// <inheritdoc/>
    public PackageSource Source => repository.PackageSource;

    /// <inheritdoc/>
    public SourceRepository SourceRepository => repository;

    /// <inheritdoc/>
    public async Task<LibraryIdentity?> FindLibraryAsync(LibraryRange libraryRange, NuGetFramework targetFramework,
        SourceCacheContext cacheContext, ILogger logger, CancellationToken cancellationToken)
    {
        var versions = await GetAllVersionsAsync(libraryRange.Name, cacheContext, logger, cancellationToken);
        var best = libraryRange.VersionRange?.FindBestMatch(versions ?? []);
        return best is null ? null : new LibraryIdentity(libraryRange.Name, best, LibraryType.Package);
    }

    /// <inheritdoc/>
    public async Task<LibraryDependencyInfo> GetDependenciesAsync(LibraryIdentity libraryIdentity, NuGetFramework targetFramework,
        SourceCacheContext cacheContext, ILogger logger, CancellationToken cancellationToken)
    {
        var finder = await Finder(cancellationToken);
        var info = await Readable(libraryIdentity.Name,
            () => finder.GetDependencyInfoAsync(libraryIdentity.Name, libraryIdentity.Version, cacheContext, logger, cancellationToken));
        if (info is null) return LibraryDependencyInfo.CreateUnresolved(libraryIdentity, targetFramework);
        var identity = new LibraryIdentity(info.PackageIdentity.Id, libraryIdentity.Version, LibraryType.Package);
        return LibraryDependencyInfo.Create(identity, targetFramework, Dependencies(info.DependencyGroups, targetFramework));
    }

    /// <inheritdoc/>
    public async Task<IPackageDownloader> GetPackageDownloaderAsync(PackageIdentity packageIdentity, SourceCacheContext cacheContext,
        ILogger logger, CancellationToken cancellationToken) =>
        await (await Finder(cancellationToken)).GetPackageDownloaderAsync(packageIdentity, cacheContext, logger, cancellationToken)
        ?? throw new IOException($"{repository.PackageSource.Source} has no {packageIdentity}");

    /// <inheritdoc/>
    public async Task<IEnumerable<NuGetVersion>?> GetAllVersionsAsync(string id, SourceCacheContext cacheContext, ILogger logger,
        CancellationToken cancellationToken) =>
        await Readable(id, async () => await (await Finder(cancellationToken)).GetAllVersionsAsync(id, cacheContext, logger, cancellationToken)) ?? [];

    // A source that holds a corrupt package (a folder feed reads every nupkg of an ID) is a user error, not a crash.
    private async Task<T> Readable<T>(string id, Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (Exception e) when (e is InvalidDataException or PackagingException or System.Xml.XmlException)
        {
            throw corrupt(id, e.Message.Split('\n')[0].Trim());
        }
    }

    /// <summary>
    /// The dependencies of the group nearest to <paramref name="framework"/>, as restore picks it; none when no group
    /// is compatible.
    /// </summary>
    public static IEnumerable<LibraryDependency> Dependencies(IEnumerable<PackageDependencyGroup> groups, NuGetFramework framework)
    {
        var nearest = NuGetFrameworkUtility.GetNearest(groups, framework, g => g.TargetFramework);
        return (nearest?.Packages ?? []).Select(p =>
            new LibraryDependency(new LibraryRange(p.Id, p.VersionRange, LibraryDependencyTarget.Package)));
    }

    private async Task<FindPackageByIdResource> Finder(CancellationToken cancellationToken)
    {
        if (_finder is not null) return _finder;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return _finder ??= await repository.GetResourceAsync<FindPackageByIdResource>(cancellationToken)
                ?? throw new IOException($"{repository.PackageSource.Source} is not a package source");
        }
        finally
        {
            _gate.Release();
        }
    }
}
