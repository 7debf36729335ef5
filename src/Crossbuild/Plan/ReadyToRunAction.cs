using Crossbuild.Targets;

namespace Crossbuild.Plan;

/// <summary>A managed file of a NuGet package an app carries, as an input or a reference of a native step.</summary>
/// <param name="FullPath">The file in the global packages folder.</param>
/// <param name="OutputPath">Where it goes in the app's folder (<c>Newtonsoft.Json.dll</c>).</param>
/// <param name="Identity">What identifies its content for a cache key: package, version, nupkg hash and path in it.</param>
public sealed record PackageInput(string FullPath, string OutputPath, string Identity);

/// <summary>
/// Precompiles one assembly of an app for one runtime with crossgen2 (<c>--readytorun</c>), as the SDK's
/// <c>PrepareForReadyToRunCompilation</c> and <c>CreateReadyToRunImages</c> do: the IL stays, native code for the
/// target is added. One action per (assembly, runtime, references): apps that share a library share its image.
/// </summary>
/// <param name="compile">The project assembly to precompile, or null for <paramref name="package"/>.</param>
/// <param name="package">The NuGet package assembly to precompile, or null for <paramref name="compile"/>.</param>
/// <param name="target">The target, whose runtime the code is for.</param>
/// <param name="references">The project assemblies it may reference (the app's other assemblies).</param>
/// <param name="packageReferences">The managed runtime files of the app's NuGet packages.</param>
public sealed class ReadyToRunAction(CompileAction? compile, PackageInput? package, Target target,
    IReadOnlyList<CompileAction> references, IReadOnlyList<PackageInput> packageReferences) : BuildAction
{
    /// <summary>The project assembly to precompile, or null for a package's.</summary>
    public CompileAction? Compile { get; } = compile;

    /// <summary>The package assembly to precompile, or null for a project's.</summary>
    public PackageInput? Package { get; } = package;

    /// <summary>The target.</summary>
    public Target Target { get; } = target;

    /// <summary>The project assemblies crossgen2 is given as references.</summary>
    public IReadOnlyList<CompileAction> References { get; } = references;

    /// <summary>The package assemblies crossgen2 is given as references.</summary>
    public IReadOnlyList<PackageInput> PackageReferences { get; } = packageReferences;

    /// <summary>
    /// The shared frameworks whose runtime packs are references (Microsoft.NETCore.App first), each with the
    /// runtime version this SDK uses for the framework, resolved before planning: the cache key needs no network.
    /// </summary>
    public IReadOnlyList<(string Name, string Version)> Frameworks { get; init; } = [];

    /// <summary>Where NuGet configuration is looked up from when crossgen2 or a runtime pack must be fetched (the module root).</summary>
    public string ConfigRoot { get; init; } = "";

    /// <summary>The crossgen2 pack's version (the runtime version of the target's framework).</summary>
    public string ToolVersion { get; init; } = "";

    /// <summary>The output file name of the assembly in the app's folder.</summary>
    public string OutputPath => Compile is not null ? Compile.Package.Name + ".dll" : Package!.OutputPath;

    /// <inheritdoc/>
    public override IReadOnlyList<BuildAction> Inputs { get; } = compile is null ? references : [compile, .. references];

    /// <inheritdoc/>
    public override string Describe() => $"readytorun {OutputPath} for {Target.Runtime}";
}
