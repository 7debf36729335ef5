using Crossbuild.Diagnostics;

namespace Crossbuild.Targets;

/// <summary>
/// The runtime identifiers Crossbuild accepts: every RID with an architecture in the SDK's
/// <c>PortableRuntimeIdentifierGraph.json</c>. Without an SDK, every RID of the form <c>os[-qualifier]-arch</c> with
/// known parts is accepted.
/// </summary>
public static class RidCatalog
{
    private static readonly Lazy<IReadOnlyList<string>?> SdkRids = new(LoadFromSdk);

    /// <summary>The RIDs from the SDK's portable graph that name a concrete OS and architecture, or null without an SDK.</summary>
    public static IReadOnlyList<string>? Known => SdkRids.Value;

    /// <summary>Parses and validates <paramref name="rid"/>, or throws an error that lists the accepted RIDs.</summary>
    public static RuntimeId Resolve(string rid)
    {
        var parsed = RuntimeId.TryParse(rid);
        var known = Known;
        if (parsed is not null && (known is null || known.Contains(rid)))
            return parsed;
        var list = known is null ? "os[-musl|-bionic]-arch" : string.Join(", ", known);
        throw new CrossbuildException($"unknown runtime identifier \"{rid}\"; known: {list}");
    }

    /// <summary>The runtime identifier of the machine Crossbuild runs on.</summary>
    public static RuntimeId Host => HostRid.Value;

    private static readonly Lazy<RuntimeId> HostRid = new(() =>
        RuntimeId.TryParse(System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier)
        ?? throw new CrossbuildException(
            $"unsupported host runtime identifier \"{System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier}\""));

    private static IReadOnlyList<string>? LoadFromSdk() =>
        RidGraph.Runtimes?.Keys.Where(n => RuntimeId.TryParse(n) is not null).Order(StringComparer.Ordinal).ToArray();
}
