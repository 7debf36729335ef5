namespace Crossbuild.Targets;

/// <summary>
/// The <c>runtimes</c> section a self-contained deps.json carries: for the target RID and every RID that imports it,
/// its fallback chain, from the SDK's RID graph (<see cref="RidGraph"/>) expanded as NuGet expands it.
/// </summary>
public static class RuntimeFallbacks
{
    /// <summary>Each RID compatible with <paramref name="rid"/> (itself included), sorted, with its fallbacks in order.</summary>
    public static IReadOnlyList<(string Rid, IReadOnlyList<string> Fallbacks)> For(string rid)
    {
        if (RidGraph.Runtimes is null) return [];
        var graph = RidGraph.NuGet;
        return graph.Runtimes.Keys
            .Select(r => (Rid: r, Chain: graph.ExpandRuntime(r).ToArray()))
            .Where(x => x.Chain.Contains(rid, StringComparer.Ordinal))
            .OrderBy(x => x.Rid, StringComparer.Ordinal)
            .Select(x => (x.Rid, (IReadOnlyList<string>)x.Chain.Where(c => c != x.Rid).ToArray()))
            .ToArray();
    }
}
