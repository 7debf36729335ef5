using Crossbuild.Targets;

namespace Crossbuild.Plan;

/// <summary>
/// Precompiles a self-contained single-file app for one runtime into one composite ReadyToRun image
/// (<c>--self-contained --single-file --readytorun</c>), as the SDK does by default there
/// (<c>PublishReadyToRunComposite</c>): every assembly of the app, its runtime's too, goes into
/// <c>&lt;app&gt;.r2r.dll</c>, and each comes back as a component that points at it. A trimmed app's composite is
/// made by its <see cref="TrimAction"/>, from what the trim kept.
/// </summary>
/// <param name="main">The app's executable compile; its references are the app's libraries.</param>
/// <param name="target">The target, whose runtime pack goes into the image.</param>
/// <param name="packages">The managed runtime files of the app's NuGet packages.</param>
public sealed class CompositeAction(CompileAction main, Target target, IReadOnlyList<PackageInput> packages) : BuildAction
{
    /// <summary>The app's executable compile.</summary>
    public CompileAction Main { get; } = main;

    /// <summary>The target.</summary>
    public Target Target { get; } = target;

    /// <summary>The managed runtime files of the app's NuGet packages.</summary>
    public IReadOnlyList<PackageInput> Packages { get; } = packages;

    /// <summary>The shared frameworks whose runtime packs' assemblies go into the image, each with its runtime version (resolved before planning).</summary>
    public IReadOnlyList<(string Name, string Version)> Frameworks { get; init; } = [];

    /// <summary>The crossgen2 pack's version (the runtime version of the target's framework).</summary>
    public string ToolVersion { get; init; } = "";

    /// <summary>Where NuGet configuration is looked up from when crossgen2 or a runtime pack must be fetched.</summary>
    public string ConfigRoot { get; init; } = "";

    /// <inheritdoc/>
    public override IReadOnlyList<BuildAction> Inputs => _inputs ??= [Main, .. Main.References];

    private IReadOnlyList<BuildAction>? _inputs;

    /// <inheritdoc/>
    public override string Describe() => $"readytorun {Main.Package.Dir} for {Target.Runtime} (composite)";
}
