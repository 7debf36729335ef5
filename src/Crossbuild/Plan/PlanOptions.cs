namespace Crossbuild.Plan;

/// <summary>What the planner needs to know of a build besides its loaded targets.</summary>
/// <param name="TrimPath">Whether source paths are recorded as <c>/_/…</c> (<c>--trimpath</c>).</param>
/// <param name="KeepLibraries">Whether the matched libraries' assemblies are kept for packing (<c>release</c>).</param>
/// <param name="Values">Values set with <c>-X</c>.</param>
public sealed record PlanOptions(bool TrimPath, bool KeepLibraries, IReadOnlyList<BuildValue> Values)
{
    /// <summary>A release's version for every assembly; null for the manifests'.</summary>
    public string? Version { get; init; }

    /// <summary>Whether written executables carry their assemblies' generated sources (<c>--emit-generated</c>).</summary>
    public bool EmitGenerated { get; init; }
}
