using Crossbuild.Targets;

namespace Crossbuild.Plan;

/// <summary>
/// Trims a self-contained app for one runtime with illink (<c>--trim</c>), as the SDK's <c>ILLink</c> target does under
/// <c>PublishTrimmed</c>: the app's assembly is the root, every managed assembly it carries (its libraries, its NuGet
/// packages', the runtime pack's) is trimmed, and what is not reached is dropped.
/// </summary>
/// <param name="main">The app's executable compile; its references are the app's libraries.</param>
/// <param name="target">The target, whose runtime pack is trimmed.</param>
/// <param name="packages">The managed runtime files of the app's NuGet packages.</param>
public sealed class TrimAction(CompileAction main, Target target, IReadOnlyList<PackageInput> packages) : BuildAction
{
    /// <summary>The app's executable compile.</summary>
    public CompileAction Main { get; } = main;

    /// <summary>The target.</summary>
    public Target Target { get; } = target;

    /// <summary>The managed runtime files of the app's NuGet packages.</summary>
    public IReadOnlyList<PackageInput> Packages { get; } = packages;

    /// <summary>
    /// Assemblies kept whole (the manifest's <c>trimmerRoots</c>, the SDK's <c>TrimmerRootAssembly</c> items), by
    /// assembly name.
    /// </summary>
    public IReadOnlyList<string> Roots { get; init; } = [];

    /// <summary>The feature switches the trimmer gets (<see cref="FeatureSwitches.Trimmed"/>).</summary>
    public IReadOnlyList<(string Name, string Value)> Features { get; init; } = FeatureSwitches.Trimmed;

    /// <summary>The shared frameworks whose runtime packs are trimmed too, each with its runtime version (resolved before planning).</summary>
    public IReadOnlyList<(string Name, string Version)> Frameworks { get; init; } = [];

    /// <summary>
    /// Whether each kept assembly is then precompiled for the runtime with crossgen2 against the kept set
    /// (<c>--trim --readytorun</c>), as the SDK precompiles the ILLink output: illink drops the runtime pack's
    /// native code, so every kept assembly is compiled, the framework's too.
    /// </summary>
    public bool ReadyToRun { get; init; }

    /// <summary>
    /// With <see cref="ReadyToRun"/>, whether the kept assemblies go into one composite image instead
    /// (<see cref="CompositeAction"/>; a single-file app).
    /// </summary>
    public bool Composite { get; init; }

    /// <summary>The ILLink pack's version (the runtime version of the target's framework).</summary>
    public string ToolVersion { get; init; } = "";

    /// <summary>Where NuGet configuration is looked up from when illink or a runtime pack must be fetched.</summary>
    public string ConfigRoot { get; init; } = "";

    /// <inheritdoc/>
    public override IReadOnlyList<BuildAction> Inputs => _inputs ??= [Main, .. Main.References];

    private IReadOnlyList<BuildAction>? _inputs;

    /// <inheritdoc/>
    public override string Describe() => $"trim {Main.Package.Dir} for {Target.Runtime}{(ReadyToRun ? " and precompile" : "")}";
}
