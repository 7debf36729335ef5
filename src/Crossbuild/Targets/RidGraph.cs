using System.Text.Json;
using Crossbuild.Env;
using NuGet.RuntimeModel;

namespace Crossbuild.Targets;

/// <summary>
/// The SDK's <c>PortableRuntimeIdentifierGraph.json</c>, read once per process: each RID and the RIDs it imports.
/// Every stage that needs RIDs asks this: the accepted RIDs (<see cref="RidCatalog"/>), the fallback chains of a
/// self-contained deps.json (<see cref="RuntimeFallbacks"/>) and NuGet's asset selection (<see cref="NuGet"/>).
/// </summary>
public static class RidGraph
{
    private static readonly Lazy<IReadOnlyDictionary<string, string[]>?> Imports = new(Read);

    private static readonly Lazy<RuntimeGraph> NuGetGraph = new(() =>
        Imports.Value is { } imports
            ? new RuntimeGraph(imports.Select(kv => new RuntimeDescription(kv.Key, kv.Value)))
            : RuntimeGraph.Empty);

    /// <summary>Each RID of the graph with the RIDs it imports, in the file's order; null without an SDK.</summary>
    public static IReadOnlyDictionary<string, string[]>? Runtimes => Imports.Value;

    /// <summary>The graph as NuGet's <see cref="RuntimeGraph"/> (empty without an SDK), built on first use.</summary>
    public static RuntimeGraph NuGet => NuGetGraph.Value;

    private static IReadOnlyDictionary<string, string[]>? Read()
    {
        var sdk = DotnetEnvironment.Current.SdkDirectory;
        var path = sdk is null ? null : Path.Combine(sdk, "PortableRuntimeIdentifierGraph.json");
        if (path is null || !File.Exists(path)) return null;
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var runtimes = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var rid in doc.RootElement.GetProperty("runtimes").EnumerateObject())
            runtimes[rid.Name] = rid.Value.TryGetProperty("#import", out var imports)
                ? imports.EnumerateArray().Select(i => i.GetString()!).ToArray()
                : [];
        return runtimes;
    }
}
