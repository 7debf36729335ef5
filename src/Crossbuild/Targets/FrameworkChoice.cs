using NuGet.Frameworks;

namespace Crossbuild.Targets;

/// <summary>Which of a multi-targeted package's frameworks a consumer on another framework uses: NuGet's nearest-framework rule.</summary>
public static class FrameworkChoice
{
    /// <summary>
    /// The framework among <paramref name="candidates"/> nearest to <paramref name="consumer"/> that it can use, as
    /// NuGet picks a <c>lib/</c> folder or a ProjectReference's framework; null when none is compatible.
    /// </summary>
    public static TargetFramework? Nearest(IReadOnlyList<TargetFramework> candidates, TargetFramework consumer)
    {
        if (candidates.Contains(consumer)) return consumer;
        var nearest = new FrameworkReducer().GetNearest(NuGetFramework.Parse(consumer.Moniker), candidates.Select(c => NuGetFramework.Parse(c.Moniker)));
        return nearest is null ? null : candidates.First(c => NuGetFramework.Parse(c.Moniker).Equals(nearest));
    }
}
