using NuGet.Versioning;

namespace Crossbuild.Deps;

/// <summary>
/// Gets one exact package into the global packages folder (the SDK's host, runtime and reference packs), through
/// the same verified path as resolved packages: nuget.config's sources and folder, reuse of an extracted copy,
/// safe extraction.
/// </summary>
public static class PackageFetcher
{
    /// <summary>
    /// The folder of <paramref name="id"/> <paramref name="version"/> in the global packages folder, downloading and
    /// extracting it when needed. <paramref name="configRoot"/> is where nuget.config lookup starts (the module).
    /// </summary>
    public static string Ensure(string id, string version, string configRoot)
    {
        using var nuget = new NuGetContext(configRoot);
        var package = new ResolvedPackage(id, NuGetVersion.Parse(version), []);
        PackageInstaller.EnsureAll(nuget.Folder, () => nuget, [package], _ => null);
        return nuget.Layout.GetInstallPath(id, package.Version);
    }
}
