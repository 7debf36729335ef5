using Crossbuild.Adapters.NuGet;
using Crossbuild.Diagnostics;
using NuGet.Common;
using NuGet.Configuration;
using NuGet.Packaging;
using NuGet.Packaging.Signing;
using NuGet.Protocol;
using NuGet.Protocol.Core.Types;

namespace Crossbuild.Deps;

/// <summary>
/// What restore reads from nuget.config for one module: the settings, the enabled sources and the global packages
/// folder (<c>Settings.LoadDefaultSettings</c>, <c>NUGET_PACKAGES</c>), so mirrors and private feeds just work.
/// </summary>
internal sealed class NuGetContext : IDisposable
{
    private readonly Lazy<ISettings> _settings;
    private readonly Lazy<IReadOnlyList<PackageSource>> _sources;
    private readonly Lazy<IReadOnlyList<SourceProvider>> _providers;

    /// <summary>
    /// The configuration that applies to <paramref name="configRoot"/>. NuGet's settings load only when a source is
    /// needed; the global folder comes from <paramref name="cache"/>'s memo when nothing it depends on changed.
    /// </summary>
    public NuGetContext(string configRoot, Cache.BuildCache? cache = null)
    {
        _settings = new(() => LoadSettings(configRoot));
        GlobalFolder = GlobalFolderLocator.Locate(configRoot, cache, () => SettingsUtility.GetGlobalPackagesFolder(Settings));
        Layout = new VersionFolderPathResolver(GlobalFolder);
        Folder = new GlobalFolder(GlobalFolder);
        _sources = new(() => new PackageSourceProvider(Settings).LoadPackageSources().Where(s => s.IsEnabled).ToArray());
        _providers = new(() => Sources.Select(s => new SourceProvider(Repository.Factory.GetCoreV3(s),
            (id, message) => new CrossbuildException($"package {id} from {s.Source}: corrupt package: {message}"))).ToArray());
    }

    /// <summary>The NuGet settings, loaded on first use.</summary>
    public ISettings Settings => _settings.Value;

    /// <summary>The global packages folder.</summary>
    public string GlobalFolder { get; }

    /// <summary>The global folder, for checks that need no NuGet code.</summary>
    public GlobalFolder Folder { get; }

    /// <summary>
    /// The global packages folder for <paramref name="configRoot"/> as NuGet's settings give it, remembered in
    /// <paramref name="cache"/> (see <see cref="GlobalFolderLocator"/>); loads no NuGet code on a memo hit.
    /// </summary>
    public static GlobalFolder Locate(string configRoot, Cache.BuildCache? cache) =>
        new(GlobalFolderLocator.Locate(configRoot, cache,
            () => SettingsUtility.GetGlobalPackagesFolder(LoadSettings(configRoot))));

    /// <summary>
    /// NuGet's settings for <paramref name="configRoot"/>, as restore loads them. A nuget.config that is not valid
    /// XML (or not valid UTF-8) is one <c>file:line:col</c> error, not NuGet's exception.
    /// </summary>
    public static ISettings LoadSettings(string configRoot)
    {
        try
        {
            return NuGet.Configuration.Settings.LoadDefaultSettings(configRoot);
        }
        catch (NuGetConfigurationException e)
        {
            var path = System.Text.RegularExpressions.Regex.Match(e.Message, @"Path: '([^']+)'") is { Success: true } m ? m.Groups[1].Value : "nuget.config";
            var xml = e.InnerException as System.Xml.XmlException;
            var reason = (xml?.Message ?? e.Message).Split('\n')[0].Trim();
            throw xml is not null
                ? Diagnostics.CrossbuildException.At(path, xml.LineNumber, xml.LinePosition, "invalid nuget.config: " + reason)
                : new Diagnostics.CrossbuildException($"{path}: invalid nuget.config: {reason}");
        }
    }

    /// <summary>The global folder's layout (<c>id/version/</c>, lower case).</summary>
    public VersionFolderPathResolver Layout { get; }

    /// <summary>The enabled package sources, in nuget.config order.</summary>
    public IReadOnlyList<PackageSource> Sources => _sources.Value;

    /// <summary>One provider per source, shared by resolution and downloads so each source's index is read once.</summary>
    public IReadOnlyList<SourceProvider> Providers => _providers.Value;

    /// <summary>The versions of <paramref name="id"/> that any source has; unreachable sources count as having none.</summary>
    public IReadOnlyList<NuGet.Versioning.NuGetVersion> AllVersions(string id) =>
        Providers.SelectMany(p =>
            {
                try { return p.GetAllVersionsAsync(id, Cache, Logger, CancellationToken.None).GetAwaiter().GetResult() ?? []; }
                catch (Exception e) when (e is FatalProtocolException or HttpRequestException or IOException) { return []; }
            })
            .Distinct().Order().ToArray();

    /// <summary>The HTTP and metadata cache context of this run.</summary>
    public SourceCacheContext Cache { get; } = new();

    /// <summary>The logger handed to NuGet; crossbuild reports problems as errors of its own.</summary>
    public ILogger Logger => NullLogger.Instance;

    /// <summary>The sources for messages: "<c>a, b</c>" or "(none configured)".</summary>
    public string SourceList => Sources.Count == 0 ? "(none configured)" : string.Join(", ", Sources.Select(s => s.Source));

    /// <summary>How restore extracts into the global folder.</summary>
    public PackageExtractionContext ExtractionContext() =>
        new(PackageSaveMode.Defaultv3, XmlDocFileSaveMode.None, ClientPolicyContext.GetClientPolicy(Settings, Logger), Logger);

    /// <inheritdoc/>
    public void Dispose() => Cache.Dispose();
}
