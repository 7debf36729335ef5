namespace Crossbuild;

/// <summary>One target's part of a build: its packages and the executables written for it.</summary>
/// <param name="Target">The target (framework, runtime, configuration, tags).</param>
/// <param name="Packages">Every package compiled for it, dependencies first.</param>
/// <param name="Apps">The executables written for it.</param>
public sealed record TargetResult(Targets.Target Target, IReadOnlyList<PackageResult> Packages, IReadOnlyList<BuiltApp> Apps)
{
    /// <summary>What the build loaded for the target, which later steps (a release) use instead of loading again.</summary>
    internal Load.LoadedTarget? Loaded { get; init; }
}
