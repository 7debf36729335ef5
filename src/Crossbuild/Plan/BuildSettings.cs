using Crossbuild.Diagnostics;
using Crossbuild.Load;
using Crossbuild.Targets;

namespace Crossbuild.Plan;

/// <summary>
/// Everything a build is asked to do, as an immutable value. Hosts (the CLI, Nuke, Cake) fill it in through the
/// <c>With…</c> methods, each of which returns a changed copy.
/// </summary>
public sealed record BuildSettings
{
    /// <summary>The directory patterns are resolved against and relative paths are printed from.</summary>
    public string WorkingDirectory { get; init; } = Environment.CurrentDirectory;

    /// <summary>Package patterns: <c>.</c>, <c>./cmd/hello</c>, <c>./...</c>. Default <c>.</c>.</summary>
    public IReadOnlyList<string> Patterns { get; init; } = ["."];

    /// <summary>
    /// The runtime identifiers to build for; empty for the host's. When any is given, outputs go to
    /// <c>&lt;out&gt;/&lt;rid&gt;/</c> and are RID-specific, as <c>dotnet build -r</c> makes them.
    /// </summary>
    public IReadOnlyList<string> Runtimes { get; init; } = [];

    /// <summary><c>Debug</c> (the default) or <c>Release</c>.</summary>
    public string Configuration { get; init; } = "Debug";

    /// <summary>Extra build tags.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The target framework; null for the module's.</summary>
    public string? Framework { get; init; }

    /// <summary>Where executables go (<c>-o</c>): a file for one executable, or a directory.</summary>
    public string? Output { get; init; }

    /// <summary>How many actions run at once (<c>-p</c>); the number of cores by default.</summary>
    public int Jobs { get; init; } = Environment.ProcessorCount;

    /// <summary>Whether source paths are recorded relative to the module as <c>/_/…</c> (<c>--trimpath</c>).</summary>
    public bool TrimPath { get; init; }

    /// <summary>Whether executables are stamped with git information (<c>--buildvcs</c>).</summary>
    public BuildVcs BuildVcs { get; init; } = BuildVcs.Auto;

    /// <summary>Values set with <c>-X</c>.</summary>
    public IReadOnlyList<BuildValue> Values { get; init; } = [];

    /// <summary>The build cache folder; null for the default (<see cref="Env.CacheLocation"/>).</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>Whether every package is recompiled even when the cache has it (<c>-a</c>); results are still stored.</summary>
    public bool Force { get; init; }

    /// <summary>Returns a copy that uses the cache in <paramref name="directory"/> (null: the default).</summary>
    public BuildSettings WithCacheDirectory(string? directory) => this with { CacheDirectory = directory };

    /// <summary>Returns a copy with <c>-a</c> on or off.</summary>
    public BuildSettings WithForce(bool force = true) => this with { Force = force };

    /// <summary>Returns a copy that works in <paramref name="directory"/>.</summary>
    public BuildSettings WithWorkingDirectory(string directory) => this with { WorkingDirectory = Path.GetFullPath(directory) };

    /// <summary>Returns a copy that builds <paramref name="patterns"/>.</summary>
    public BuildSettings WithPatterns(params string[] patterns) => this with { Patterns = patterns.Length == 0 ? ["."] : patterns };

    /// <summary>Returns a copy for runtime <paramref name="rid"/> only (null: the host's, not RID-specific).</summary>
    public BuildSettings WithRuntime(string? rid) => this with { Runtimes = rid is null ? [] : [rid] };

    /// <summary>Returns a copy for these runtimes (none: the host's).</summary>
    public BuildSettings WithRuntimes(params string[] rids) => this with { Runtimes = rids.Distinct(StringComparer.Ordinal).ToArray() };

    /// <summary>Returns a copy for <paramref name="configuration"/> (<c>Debug</c> or <c>Release</c>, any case).</summary>
    public BuildSettings WithConfiguration(string configuration) =>
        this with { Configuration = Target.NormalizeConfiguration(configuration) };

    /// <summary>Returns a copy with these extra build tags.</summary>
    public BuildSettings WithTags(params string[] tags) => this with { Tags = tags };

    /// <summary>Returns a copy for target framework <paramref name="framework"/> (null: the module's).</summary>
    public BuildSettings WithFramework(string? framework) => this with { Framework = framework };

    /// <summary>Returns a copy that writes executables to <paramref name="output"/>.</summary>
    public BuildSettings WithOutput(string? output) => this with { Output = output };

    /// <summary>Returns a copy that runs at most <paramref name="jobs"/> actions at once.</summary>
    public BuildSettings WithJobs(int jobs) =>
        jobs >= 1 ? this with { Jobs = jobs } : throw new CrossbuildException($"-p {jobs}: must be at least 1");

    /// <summary>Returns a copy with <c>--trimpath</c> on or off.</summary>
    public BuildSettings WithTrimPath(bool trimPath = true) => this with { TrimPath = trimPath };

    /// <summary>Returns a copy with <c>--buildvcs</c> set to <paramref name="mode"/>.</summary>
    public BuildSettings WithBuildVcs(BuildVcs mode) => this with { BuildVcs = mode };

    /// <summary>Returns a copy that also sets <paramref name="value"/> (<c>-X</c>).</summary>
    public BuildSettings WithValue(BuildValue value) => this with { Values = [.. Values, value] };

    /// <summary>Whether executables carry the runtime (<c>--self-contained</c>), as <c>dotnet build --self-contained</c>.</summary>
    public bool SelfContained { get; init; }

    /// <summary>Returns a copy with <c>--self-contained</c> on or off.</summary>
    public BuildSettings WithSelfContained(bool selfContained = true) => this with { SelfContained = selfContained };

    /// <summary>
    /// Whether each executable is one file in the .NET bundle format (<c>--single-file</c>), as
    /// <c>dotnet publish -p:PublishSingleFile=true</c>: <c>apphost</c> for framework-dependent apps,
    /// <c>singlefilehost</c> for self-contained ones. PDBs stay beside it.
    /// </summary>
    public bool SingleFile { get; init; }

    /// <summary>Returns a copy with <c>--single-file</c> on or off.</summary>
    public BuildSettings WithSingleFile(bool singleFile = true) => this with { SingleFile = singleFile };

    /// <summary>Whether the build must fail rather than change crossbuild.lock.json (<c>--locked</c>).</summary>
    public bool Locked { get; init; }

    /// <summary>Returns a copy with <c>--locked</c> on or off.</summary>
    public BuildSettings WithLocked(bool locked = true) => this with { Locked = locked };

    /// <summary>Whether to build every cell of crossbuild.json's <c>matrix</c> (<c>--matrix</c>) instead of <see cref="Runtimes"/>.</summary>
    public bool UseMatrix { get; init; }

    /// <summary>Returns a copy that builds the module's matrix (or not).</summary>
    public BuildSettings WithMatrix(bool useMatrix = true) => this with { UseMatrix = useMatrix };

    /// <summary>
    /// The targets these settings name for <paramref name="module"/>, each with the folder its outputs go to under
    /// the output directory: null for a build for the host without <c>-r</c>, else the RID (and, in a matrix, the
    /// configuration and tags when those vary).
    /// </summary>
    public IReadOnlyList<(Target Target, string? Folder)> ResolveTargets(Module module)
    {
        var framework = Framework is null ? module.Manifest.Framework : TargetFramework.Parse(Framework);
        if (UseMatrix)
        {
            var matrix = module.Manifest.Matrix
                         ?? throw new CrossbuildException($"--matrix: {ModuleManifest.FileName} has no \"matrix\" section");
            return matrix.Cells()
                .Select(c => (new Target(framework, RidCatalog.Resolve(c.Runtime!), c.Configuration!, [.. Tags, .. c.Tags!]),
                    (string?)matrix.FolderOf(c)))
                .ToArray();
        }
        if (Runtimes.Count == 0)
            return [(new Target(framework, RidCatalog.Host, Target.NormalizeConfiguration(Configuration), Tags), null)];
        return Runtimes
            .Select(r => (new Target(framework, RidCatalog.Resolve(r), Target.NormalizeConfiguration(Configuration), Tags), (string?)r))
            .ToArray();
    }
}

/// <summary>
/// A value set with <c>-X [package:]key=value</c>, embedded as <c>[assembly: AssemblyMetadata(key, value)]</c>.
/// Without a package it goes into every executable; with one (a Dir such as <c>cmd/hello</c>, or a package name)
/// into that package only.
/// </summary>
/// <param name="Package">The package Dir or name it applies to; null for every executable.</param>
/// <param name="Key">The metadata key.</param>
/// <param name="Value">The value.</param>
public sealed record BuildValue(string? Package, string Key, string Value)
{
    /// <summary>Parses <c>[package:]key=value</c>.</summary>
    public static BuildValue Parse(string text)
    {
        var eq = text.IndexOf('=');
        if (eq <= 0)
            throw new CrossbuildException($"-X {text}: expected [package:]key=value");
        var name = text[..eq];
        var colon = name.LastIndexOf(':');
        var package = colon > 0 ? name[..colon] : null;
        var key = colon > 0 ? name[(colon + 1)..] : name;
        if (key.Length == 0)
            throw new CrossbuildException($"-X {text}: empty key");
        return new BuildValue(package?.TrimStart('.', '/') is { Length: > 0 } p ? p : package, key, text[(eq + 1)..]);
    }

    /// <summary>Whether this value applies to <paramref name="package"/>.</summary>
    public bool AppliesTo(Package package) => Package is null
        ? package.Kind == PackageKind.Exe
        : string.Equals(Package, package.Dir, StringComparison.Ordinal) || string.Equals(Package, package.Name, StringComparison.Ordinal);
}
