namespace Crossbuild;

/// <summary>An executable written by a build.</summary>
/// <param name="PackageDir">The package's Dir.</param>
/// <param name="Name">The assembly name.</param>
/// <param name="AppHostPath">The native launcher's full path.</param>
/// <param name="AssemblyPath">The app assembly's full path (for <c>dotnet &lt;path&gt;</c>).</param>
public sealed record BuiltApp(string PackageDir, string Name, string AppHostPath, string AssemblyPath)
{
    /// <summary>The runtime identifier the app was built for.</summary>
    public string Runtime { get; init; } = "";

    /// <summary>Every file written for the app (the launcher last), full paths.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>The module packages the app carries: its own first, then the libraries it references.</summary>
    public IReadOnlyList<ModulePackage> ModulePackages { get; init; } = [];

    /// <summary>The NuGet packages the app runs with (their runtime assets are among <see cref="Files"/>).</summary>
    public IReadOnlyList<Deps.PackageAssets> NuGetPackages { get; init; } = [];

    /// <summary>What the app was written as (self-contained, trimmed, Native AOT, …).</summary>
    public Targets.OutputMode Output { get; init; } = Targets.OutputMode.Default;

    /// <summary>
    /// How to start the app with <paramref name="args"/>: a Native AOT app is its own executable; any other runs its
    /// assembly through the dotnet muxer of this SDK, so that DOTNET_ROOT need not be set for the launcher.
    /// </summary>
    public (string File, IReadOnlyList<string> Arguments) StartCommand(IReadOnlyList<string> args)
    {
        if (Output.Aot) return (AppHostPath, args);
        var root = Env.DotnetEnvironment.Current.DotnetRoot ?? throw new Diagnostics.CrossbuildException("run: no .NET installation found");
        return (Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet"), ["exec", AssemblyPath, .. args]);
    }

    /// <summary>For a self-contained app, the runtime packs it carries, as <c>Id/version</c>.</summary>
    public IReadOnlyList<string> RuntimePacks { get; init; } = [];
}

/// <summary>A package of the module, as an artifact contains it.</summary>
/// <param name="Dir">Its Dir (<c>lib/greet</c>).</param>
/// <param name="Name">Its assembly name.</param>
public sealed record ModulePackage(string Dir, string Name);
