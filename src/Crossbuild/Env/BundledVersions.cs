using System.Xml.Linq;
using Crossbuild.Targets;

namespace Crossbuild.Env;

/// <summary>
/// The pack versions this SDK uses for each framework, from its <c>Microsoft.NETCoreSdk.BundledVersions.props</c>
/// (<c>KnownFrameworkReference</c> for Microsoft.NETCore.App): the targeting (reference) pack version and the latest
/// runtime version, which host and runtime packs follow.
/// </summary>
public static class BundledVersions
{
    private static readonly Lazy<IReadOnlyDictionary<string, (string Targeting, string Runtime)>> Known = new(Load);

    /// <summary>The reference pack version for <paramref name="framework"/>, or null when the SDK does not know it.</summary>
    public static string? TargetingPack(TargetFramework framework) =>
        Known.Value.TryGetValue(framework.Moniker, out var v) ? v.Targeting : null;

    /// <summary>The runtime version (host and runtime packs) for <paramref name="framework"/>, or null.</summary>
    public static string? Runtime(TargetFramework framework) =>
        Known.Value.TryGetValue(framework.Moniker, out var v) ? v.Runtime : null;

    private static IReadOnlyDictionary<string, (string, string)> Load()
    {
        var sdk = DotnetEnvironment.Current.SdkDirectory;
        var path = sdk is null ? null : Path.Combine(sdk, "Microsoft.NETCoreSdk.BundledVersions.props");
        if (path is null || !File.Exists(path)) return new Dictionary<string, (string, string)>();
        return XDocument.Load(path).Descendants()
            .Where(e => e.Name.LocalName == "KnownFrameworkReference" && (string?)e.Attribute("Include") == "Microsoft.NETCore.App")
            .Where(e => e.Attribute("TargetFramework") is not null && e.Attribute("TargetingPackVersion") is not null)
            .GroupBy(e => (string)e.Attribute("TargetFramework")!)
            .ToDictionary(g => g.Key, g => ((string)g.First().Attribute("TargetingPackVersion")!,
                (string?)g.First().Attribute("LatestRuntimeFrameworkVersion") ?? (string)g.First().Attribute("TargetingPackVersion")!));
    }
}
