using Crossbuild.Diagnostics;
using NuGet.Common;
using NuGet.Configuration;
using NuGet.Packaging;
using NuGet.Packaging.Signing;
using NuGet.Protocol;
using NuGet.Protocol.Core.Types;
using NuGet.Versioning;

namespace Crossbuild.Deps;

/// <summary>
/// Gets a NuGet package into the global packages folder as restore does: sources, credentials and the folder come
/// from nuget.config (<c>Settings.LoadDefaultSettings</c>, <c>NUGET_PACKAGES</c>); an already extracted package is
/// reused; extraction goes through NuGet's own <c>PackageExtractor</c>, which writes the folder under a lock and
/// marks it complete last.
/// </summary>
public static class PackageFetcher
{
    /// <summary>
    /// The folder of <paramref name="id"/> <paramref name="version"/> in the global packages folder, downloading and
    /// extracting it when needed. <paramref name="configRoot"/> is where nuget.config lookup starts (the module).
    /// </summary>
    public static string Ensure(string id, string version, string configRoot)
    {
        var settings = Settings.LoadDefaultSettings(configRoot);
        var globalFolder = SettingsUtility.GetGlobalPackagesFolder(settings);
        var resolver = new VersionFolderPathResolver(globalFolder);
        var nugetVersion = NuGetVersion.Parse(version);
        var folder = resolver.GetInstallPath(id, nugetVersion);
        if (File.Exists(resolver.GetNupkgMetadataPath(id, nugetVersion)))
            return folder;

        var sources = new PackageSourceProvider(settings).LoadPackageSources().Where(s => s.IsEnabled).ToArray();
        var tried = new List<string>();
        using var cache = new SourceCacheContext();
        var logger = NullLogger.Instance;
        foreach (var source in sources)
        {
            tried.Add(source.Source);
            try
            {
                var repository = Repository.Factory.GetCoreV3(source);
                var finder = repository.GetResourceAsync<FindPackageByIdResource>().GetAwaiter().GetResult();
                if (finder is null) continue;
                var versions = finder.GetAllVersionsAsync(id, cache, logger, CancellationToken.None).GetAwaiter().GetResult();
                if (!versions.Contains(nugetVersion)) continue;
                var context = new PackageExtractionContext(PackageSaveMode.Defaultv3, XmlDocFileSaveMode.None,
                    ClientPolicyContext.GetClientPolicy(settings, logger), logger);
                PackageExtractor.InstallFromSourceAsync(source.Source, new NuGet.Packaging.Core.PackageIdentity(id, nugetVersion),
                    stream => finder.CopyNupkgToStreamAsync(id, nugetVersion, stream, cache, logger, CancellationToken.None),
                    resolver, context, CancellationToken.None).GetAwaiter().GetResult();
                if (File.Exists(resolver.GetNupkgMetadataPath(id, nugetVersion)))
                    return folder;
            }
            catch (Exception e) when (e is FatalProtocolException or IOException or InvalidDataException or HttpRequestException)
            {
                tried[^1] += $" ({e.Message.Split('\n')[0].Trim()})";
            }
        }
        throw new CrossbuildException(
            $"package {id} {version} not found; sources tried: {(tried.Count == 0 ? "(none configured)" : string.Join(", ", tried))}");
    }
}
