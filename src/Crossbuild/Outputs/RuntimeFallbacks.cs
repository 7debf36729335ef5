using Crossbuild.Env;
using NuGet.RuntimeModel;

namespace Crossbuild.Outputs;

/// <summary>
/// The <c>runtimes</c> section a self-contained deps.json carries: for the target RID and every RID that imports it,
/// its fallback chain, from the SDK's <c>PortableRuntimeIdentifierGraph.json</c> expanded as NuGet expands it.
/// </summary>
public static class RuntimeFallbacks
{
    private static readonly Lazy<RuntimeGraph?> Graph = new(() =>
    {
        var sdk = DotnetEnvironment.Current.SdkDirectory;
        var path = sdk is null ? null : Path.Combine(sdk, "PortableRuntimeIdentifierGraph.json");
        return path is not null && File.Exists(path) ? JsonRuntimeFormat.ReadRuntimeGraph(path) : null;
    });

    /// <summary>The SDK's RID graph, empty when the SDK has none.</summary>
    internal static RuntimeGraph RidGraph => Graph.Value ?? RuntimeGraph.Empty;

    /// <summary>Each RID compatible with <paramref name="rid"/> (itself included), sorted, with its fallbacks in order.</summary>
    public static IReadOnlyList<(string Rid, IReadOnlyList<string> Fallbacks)> For(string rid)
    {
        var graph = Graph.Value;
        if (graph is null) return [];
        return graph.Runtimes.Keys
            .Select(r => (Rid: r, Chain: graph.ExpandRuntime(r).ToArray()))
            .Where(x => x.Chain.Contains(rid, StringComparer.Ordinal))
            .OrderBy(x => x.Rid, StringComparer.Ordinal)
            .Select(x => (x.Rid, (IReadOnlyList<string>)x.Chain.Where(c => c != x.Rid).ToArray()))
            .ToArray();
    }
}
