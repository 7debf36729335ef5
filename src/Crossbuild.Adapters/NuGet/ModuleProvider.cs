using NuGet.DependencyResolver;
using NuGet.Frameworks;
using NuGet.LibraryModel;
using NuGet.Versioning;

namespace Crossbuild.Adapters.NuGet;

/// <summary>
/// A module as the walker's root project, named <paramref name="rootName"/> at version 1.0.0: its dependencies are
/// the module's merged package requirements, each a direct reference.
/// </summary>
/// <param name="rootName">The root project's name, which the walk starts from.</param>
/// <param name="requested">The requirements: package ID and version range.</param>
internal sealed class ModuleProvider(string rootName, IReadOnlyList<(string Id, VersionRange Range)> requested) : IDependencyProvider
{
    /// <inheritdoc/>
    public bool SupportsType(LibraryDependencyTarget libraryTypeFlag) => (libraryTypeFlag & LibraryDependencyTarget.Project) != 0;

    /// <inheritdoc/>
    public Library? GetLibrary(LibraryRange libraryRange, NuGetFramework targetFramework) => GetLibrary(libraryRange, targetFramework, null);

    /// <inheritdoc/>
    public Library? GetLibrary(LibraryRange libraryRange, NuGetFramework targetFramework, string? alias) =>
        libraryRange.Name != rootName
            ? null
            : new Library(libraryRange, new LibraryIdentity(rootName, NuGetVersion.Parse("1.0.0"), LibraryType.Project),
                requested.Select(r => new LibraryDependency(new LibraryRange(r.Id, r.Range, LibraryDependencyTarget.Package))
                {
                    ReferenceType = LibraryDependencyReferenceType.Direct,
                }))
            { Resolved = true };
}
