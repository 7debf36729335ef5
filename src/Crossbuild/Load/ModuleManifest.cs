using Crossbuild.Diagnostics;
using Crossbuild.Targets;

namespace Crossbuild.Load;

/// <summary>The module's crossbuild.json: its name, framework and module-wide compile defaults.</summary>
/// <param name="Name">The module name, the prefix of library assembly names.</param>
/// <param name="Framework">The target framework, <c>net10.0</c> by default.</param>
/// <param name="NetDefaults">Compile defaults for every package compiled for .NET 5 or later.</param>
public sealed record ModuleManifest(string Name, TargetFramework Framework, CompileSettings NetDefaults)
{
    /// <summary>The compile defaults for <see cref="Framework"/>.</summary>
    public CompileSettings Defaults => DefaultsFor(Framework);

    /// <summary>
    /// The compile defaults of a package compiled for <paramref name="framework"/>: Crossbuild's for .NET 5 and
    /// later, the SDK's for .NET Standard and .NET Framework (<see cref="LibraryDefaults"/>), the module's settings over either.
    /// </summary>
    public CompileSettings DefaultsFor(TargetFramework framework) => framework.IsNetCoreApp ? NetDefaults : LibraryDefaults;

    /// <summary>The <c>matrix</c> section, if any (<c>crossbuild build --matrix</c>).</summary>
    public BuildMatrix? Matrix { get; init; }

    /// <summary>The <c>release</c> section: package metadata and the extra files of archives.</summary>
    public Release.ReleaseManifest Release { get; init; } = Crossbuild.Release.ReleaseManifest.Empty;

    /// <summary>The NuGet packages every package of the module uses (the <c>packages</c> section).</summary>
    public IReadOnlyList<Deps.PackageRequirement> Packages { get; init; } = [];

    /// <summary>
    /// NuGet packages every test assembly uses (the <c>testPackages</c> section: the test frameworks). They are
    /// resolved and locked with the others, but never reach a build, an output folder or a release.
    /// </summary>
    public IReadOnlyList<Deps.PackageRequirement> TestPackages { get; init; } = [];

    /// <summary>
    /// Environment variables whose values are inputs of every test result (<c>testEnv</c>): a test that reads one
    /// reruns when its value changes.
    /// </summary>
    public IReadOnlyList<string> TestEnv { get; init; } = [];

    /// <summary>Files every package compiles too, or drops (globs relative to the module root).</summary>
    public SourceGlobs Sources { get; init; } = SourceGlobs.Empty;

    /// <summary>
    /// The compile defaults of packages compiled for .NET Standard or .NET Framework (analyzer packages, a
    /// multi-targeted library's netstandard2.0 build): the SDK's (nullable off, no implicit usings) with the module's settings.
    /// </summary>
    public CompileSettings LibraryDefaults { get; init; } = CompileSettings.DefaultFor(TargetFramework.Parse("netstandard2.0"));

    /// <summary>The manifest's file name.</summary>
    public const string FileName = "crossbuild.json";

    internal static readonly string[] KnownFields = ["module", "framework", "matrix", Deps.PackageRequirement.FieldName, Deps.PackageRequirement.TestFieldName, "testEnv", Crossbuild.Release.ReleaseManifest.FieldName, .. SourceGlobs.FieldNames, .. CompileSettings.FieldNames];

    /// <summary>Reads and validates a module manifest.</summary>
    internal static ModuleManifest Read(ManifestJson json)
    {
        json.RejectUnknown(KnownFields, "module manifest");
        var name = json.String("module");
        if (string.IsNullOrWhiteSpace(name))
        {
            if (json.Get("module") is { } f) throw json.Error(f, "field \"module\" must not be empty");
            throw CrossbuildException.At(json.DisplayPath, 1, 1, "missing required field \"module\"");
        }
        if (!PackageNaming.IsValidAssemblyName(name))
            throw json.Error(json.Get("module")!, $"module name \"{name}\" is not a valid assembly name");
        var frameworkText = json.String("framework");
        var frameworks = CompileSettings.TargetFrameworks(json);
        TargetFramework framework;
        try
        {
            // With only "frameworks", executables and the default target take the newest .NET among them.
            framework = frameworkText is not null ? TargetFramework.Parse(frameworkText)
                : frameworks is null ? TargetFramework.Default
                : frameworks.Where(f => f.IsNetCoreApp).MaxBy(f => f.Version) ?? frameworks[^1];
        }
        catch (CrossbuildException e)
        {
            throw json.Error(json.Get("framework")!, e.Message);
        }
        return new ModuleManifest(name, framework, CompileSettings.Default.OverriddenBy(json))
        {
            Matrix = json.Get("matrix") is { } matrix ? BuildMatrix.Read(json, matrix) : null,
            Packages = Deps.PackageRequirement.Read(json),
            TestPackages = Deps.PackageRequirement.Read(json, Deps.PackageRequirement.TestFieldName),
            TestEnv = TestEnvOf(json),
            Release = Crossbuild.Release.ReleaseManifest.Read(json),
            Sources = SourceGlobs.Read(json),
            LibraryDefaults = CompileSettings.DefaultFor(TargetFramework.Parse("netstandard2.0")).OverriddenBy(json),
        };
    }

    // Names of environment variables, as a POSIX shell allows them.
    private static IReadOnlyList<string> TestEnvOf(ManifestJson json)
    {
        var names = json.StringArray("testEnv") ?? [];
        foreach (var n in names)
            if (n.Length == 0 || !n.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') || char.IsAsciiDigit(n[0]))
                throw json.Error(json.Get("testEnv")!, $"testEnv: \"{n}\" is not an environment variable name");
        return names;
    }
}
