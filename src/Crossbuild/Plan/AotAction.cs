using Crossbuild.Targets;

namespace Crossbuild.Plan;

/// <summary>
/// Compiles an app to one native executable for one runtime (<c>--aot</c>), as the SDK's Native AOT targets do under
/// <c>PublishAot</c>: ilc compiles the app's assembly, with its libraries, its packages' assemblies and the NativeAOT
/// runtime pack as references, to an object file; the platform linker links it with the runtime's static
/// libraries; the debug symbols are split into <c>&lt;app&gt;.dbg</c>.
/// </summary>
/// <param name="main">The app's executable compile; its references are the app's libraries.</param>
/// <param name="target">The target.</param>
/// <param name="packages">The managed runtime files of the app's NuGet packages.</param>
public sealed class AotAction(CompileAction main, Target target, IReadOnlyList<PackageInput> packages) : BuildAction
{
    /// <summary>The app's executable compile.</summary>
    public CompileAction Main { get; } = main;

    /// <summary>The target.</summary>
    public Target Target { get; } = target;

    /// <summary>The managed runtime files of the app's NuGet packages.</summary>
    public IReadOnlyList<PackageInput> Packages { get; } = packages;

    /// <summary>The feature switches ilc gets (<see cref="FeatureSwitches.Aot"/>).</summary>
    public IReadOnlyList<(string Name, string Value)> Features { get; init; } = FeatureSwitches.Aot;

    /// <summary>The shared frameworks beyond Microsoft.NETCore.App whose runtime packs are references, with their versions.</summary>
    public IReadOnlyList<(string Name, string Version)> Frameworks { get; init; } = [];

    /// <summary>The ILCompiler packages' version (the runtime version of the target's framework).</summary>
    public string ToolVersion { get; init; } = "";

    /// <summary>Where NuGet configuration is looked up from when ilc or a runtime pack must be fetched.</summary>
    public string ConfigRoot { get; init; } = "";

    /// <inheritdoc/>
    public override IReadOnlyList<BuildAction> Inputs => _inputs ??= [Main, .. Main.References];

    private IReadOnlyList<BuildAction>? _inputs;

    /// <inheritdoc/>
    public override string Describe() => $"aot {Main.Package.Dir} for {Target.Runtime}";
}
