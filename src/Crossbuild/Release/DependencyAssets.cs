using Crossbuild.Deps;

namespace Crossbuild.Release;

/// <summary>
/// The <c>include</c> and <c>exclude</c> attributes <c>dotnet pack</c> writes on a nuspec dependency: with the default
/// <c>privateAssets</c>, <c>exclude</c> names what does not flow but content files (<c>exclude="Build,Analyzers"</c>
/// for a plain PackageReference or ProjectReference); with another, <c>include</c> names what flows. Names are
/// NuGet's, in its flag order.
/// </summary>
public static class DependencyAssets
{
    // NuGet's LibraryIncludeFlags order and spelling.
    private static readonly (AssetFlags Flag, string Name)[] Order =
    [
        (AssetFlags.Runtime, "Runtime"), (AssetFlags.Compile, "Compile"), (AssetFlags.Build, "Build"), (AssetFlags.Native, "Native"),
        (AssetFlags.ContentFiles, "ContentFiles"), (AssetFlags.Analyzers, "Analyzers"), (AssetFlags.BuildTransitive, "BuildTransitive"),
    ];

    /// <summary>The attributes for a requirement that includes <paramref name="include"/> and keeps <paramref name="privateAssets"/> private.</summary>
    public static (IReadOnlyList<string> Include, IReadOnlyList<string> Exclude) Of(AssetFlags include, AssetFlags privateAssets)
    {
        var flowing = include & ~privateAssets;
        return privateAssets == AssetFlagNames.DefaultPrivate
            ? ([], Names(AssetFlags.All & ~flowing & ~AssetFlags.ContentFiles))
            : (flowing == AssetFlags.All ? [] : Names(flowing), []);
    }

    private static string[] Names(AssetFlags flags) => Order.Where(o => flags.HasFlag(o.Flag)).Select(o => o.Name).ToArray();
}
