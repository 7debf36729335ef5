using Crossbuild.Diagnostics;
using Crossbuild.Load;
using Crossbuild.Plan;
using Crossbuild.Targets;

namespace Crossbuild;

/// <summary>
/// Everything a build is asked to do, as an immutable value, in the shape Nuke users know: hosts (the CLI, Nuke,
/// Cake, scripts) fill it in through <c>Set…</c> and <c>Add…</c> methods, each of which returns a changed copy,
/// and expand matrices with <see cref="CombineWith{T}"/>. Properties can only be changed through those methods,
/// so their checks (a job count of at least 1, a known configuration, valid tags) always hold.
/// </summary>
public sealed partial record CrossbuildSettings
{
    /// <summary>The directory patterns are resolved against and relative paths are printed from.</summary>
    public string WorkingDirectory { get; private init; } = Environment.CurrentDirectory;

    /// <summary>Package patterns: <c>.</c>, <c>./cmd/hello</c>, <c>./...</c>. Default <c>.</c>.</summary>
    public IReadOnlyList<string> Patterns { get; private init; } = ["."];

    /// <summary>
    /// The runtime identifiers to build for; empty for the host's. When any is given, outputs go to
    /// <c>&lt;out&gt;/&lt;rid&gt;/</c> and are RID-specific, as <c>dotnet build -r</c> makes them.
    /// </summary>
    public IReadOnlyList<string> Runtimes { get; private init; } = [];

    /// <summary><c>Debug</c> (the default) or <c>Release</c>.</summary>
    public string Configuration { get; private init; } = "Debug";

    /// <summary>Extra build tags.</summary>
    public IReadOnlyList<string> Tags { get; private init; } = [];

    /// <summary>The target framework; null for the module's.</summary>
    public string? Framework { get; private init; }

    /// <summary>Where executables go (<c>-o</c>): a file for one executable, or a directory.</summary>
    public string? Output { get; private init; }

    /// <summary>How many actions run at once (<c>-p</c>); the number of cores by default.</summary>
    public int Jobs { get; private init; } = Environment.ProcessorCount;

    /// <summary>Whether source paths are recorded relative to the module as <c>/_/…</c> (<c>--trimpath</c>).</summary>
    public bool TrimPath { get; private init; }

    /// <summary>Whether executables are stamped with git information (<c>--buildvcs</c>).</summary>
    public BuildVcs BuildVcs { get; private init; } = BuildVcs.Auto;

    /// <summary>Values set with <c>-X</c>.</summary>
    public IReadOnlyList<BuildValue> Values { get; private init; } = [];

    /// <summary>The build cache folder; null for the default (<see cref="Env.CacheLocation"/>).</summary>
    public string? CacheDirectory { get; private init; }

    /// <summary>Whether every package is recompiled even when the cache has it (<c>-a</c>); results are still stored.</summary>
    public bool Force { get; private init; }

    /// <summary>The version every assembly is stamped with (a release's, <c>release --version</c>); null for the manifests'.</summary>
    public string? Version { get; private init; }

    /// <summary>Returns a copy that stamps every assembly with <paramref name="version"/> (null: the manifests' versions).</summary>
    public CrossbuildSettings SetVersion(string? version) =>
        version is not null && !NuGet.Versioning.NuGetVersion.TryParse(version, out _)
            ? throw new CrossbuildException($"version \"{version}\" is not a version such as 1.2.3 or 1.2.3-beta.1")
            : this with { Version = version };

    /// <summary>Returns a copy that uses the cache in <paramref name="directory"/> (null: the default).</summary>
    public CrossbuildSettings SetCacheDirectory(string? directory) => this with { CacheDirectory = directory };

    /// <summary>
    /// The shared remote cache (<c>--remote-cache</c>): a Bazel HTTP cache URL, optionally with an instance prefix
    /// and user:password; null for <c>CROSSBUILD_REMOTE_CACHE</c>, empty for none (docs/remote-cache.md).
    /// </summary>
    public string? RemoteCache { get; private init; }

    /// <summary>
    /// Whether this build uploads to the remote cache (<c>--remote-cache-upload</c>); null for
    /// <c>CROSSBUILD_REMOTE_CACHE_UPLOAD</c>, else off for GitHub pull requests and on otherwise.
    /// </summary>
    public bool? RemoteCacheUpload { get; private init; }

    /// <summary>
    /// Returns a copy that uses the remote cache at <paramref name="url"/> (null: <c>CROSSBUILD_REMOTE_CACHE</c>;
    /// empty: none). The URL must be http or https with no query; errors never show its credentials.
    /// </summary>
    public CrossbuildSettings SetRemoteCache(string? url)
    {
        if (!string.IsNullOrWhiteSpace(url)) Cache.Remote.RemoteCacheOptions.ParseUrl(url.Trim(), "--remote-cache");
        return this with { RemoteCache = url };
    }

    /// <summary>Returns a copy that uploads to the remote cache or only reads it (null: the default).</summary>
    public CrossbuildSettings SetRemoteCacheUpload(bool? upload) => this with { RemoteCacheUpload = upload };

    /// <summary>Returns a copy with <c>-a</c> on or off.</summary>
    public CrossbuildSettings SetForce(bool force = true) => this with { Force = force };

    /// <summary>Returns a copy that works in <paramref name="directory"/>.</summary>
    public CrossbuildSettings SetWorkingDirectory(string directory) => this with { WorkingDirectory = Path.GetFullPath(directory) };

    /// <summary>Returns a copy that builds <paramref name="patterns"/>.</summary>
    public CrossbuildSettings SetPackages(params string[] patterns) => this with { Patterns = patterns.Length == 0 ? ["."] : patterns };

    /// <summary>Returns a copy for runtime <paramref name="rid"/> only (null: the host's, not RID-specific).</summary>
    public CrossbuildSettings SetRuntime(string? rid) => this with { Runtimes = rid is null ? [] : [rid] };

    /// <summary>Returns a copy for these runtimes (none: the host's).</summary>
    public CrossbuildSettings SetRuntimes(params string[] rids) => this with { Runtimes = rids.Distinct(StringComparer.Ordinal).ToArray() };

    /// <summary>Returns a copy for <paramref name="configuration"/> (<c>Debug</c> or <c>Release</c>, any case).</summary>
    public CrossbuildSettings SetConfiguration(string configuration) =>
        this with { Configuration = Target.NormalizeConfiguration(configuration) };

    /// <summary>Returns a copy with these extra build tags.</summary>
    public CrossbuildSettings SetTags(params string[] tags) => this with { Tags = ValidTags(tags) };

    /// <summary>Returns a copy for target framework <paramref name="framework"/> (null: the module's).</summary>
    public CrossbuildSettings SetFramework(string? framework) => this with { Framework = framework };

    /// <summary>Returns a copy that writes executables to <paramref name="output"/>.</summary>
    public CrossbuildSettings SetOutput(string? output) =>
        output is { Length: 0 } ? throw new CrossbuildException("-o: empty path") : this with { Output = output };

    /// <summary>Returns a copy that runs at most <paramref name="jobs"/> actions at once.</summary>
    public CrossbuildSettings SetJobs(int jobs) =>
        jobs >= 1 ? this with { Jobs = jobs } : throw new CrossbuildException($"-p {jobs}: must be at least 1");

    /// <summary>Returns a copy with <c>--trimpath</c> on or off.</summary>
    public CrossbuildSettings SetTrimPath(bool trimPath = true) => this with { TrimPath = trimPath };

    /// <summary>Returns a copy with <c>--buildvcs</c> set to <paramref name="mode"/>.</summary>
    public CrossbuildSettings SetBuildVcs(BuildVcs mode) => this with { BuildVcs = mode };

    /// <summary>Returns a copy that also sets <paramref name="value"/> (<c>-X</c>).</summary>
    public CrossbuildSettings AddValue(BuildValue value) => this with { Values = [.. Values, value] };

    /// <summary>Whether executables carry the runtime (<c>--self-contained</c>), as <c>dotnet build --self-contained</c>.</summary>
    public bool SelfContained { get; private init; }

    /// <summary>Returns a copy with <c>--self-contained</c> on or off.</summary>
    public CrossbuildSettings SetSelfContained(bool selfContained = true) => this with { SelfContained = selfContained };

    /// <summary>
    /// Whether each executable is one file in the .NET bundle format (<c>--single-file</c>), as
    /// <c>dotnet publish -p:PublishSingleFile=true</c>: <c>apphost</c> for framework-dependent apps,
    /// <c>singlefilehost</c> for self-contained ones. PDBs stay beside it.
    /// </summary>
    public bool SingleFile { get; private init; }

    /// <summary>Returns a copy with <c>--single-file</c> on or off.</summary>
    public CrossbuildSettings SetSingleFile(bool singleFile = true) => this with { SingleFile = singleFile };

    /// <summary>
    /// Whether each assembly of an executable is precompiled for its runtime with crossgen2 (<c>--readytorun</c>), as
    /// <c>dotnet publish -p:PublishReadyToRun=true</c>; cached per assembly and runtime.
    /// </summary>
    public bool ReadyToRun { get; private init; }

    /// <summary>Returns a copy with <c>--readytorun</c> on or off.</summary>
    public CrossbuildSettings SetReadyToRun(bool readyToRun = true) => this with { ReadyToRun = readyToRun };

    /// <summary>
    /// Whether self-contained executables are trimmed with illink (<c>--trim</c>), as
    /// <c>dotnet publish -p:PublishTrimmed=true</c>. Needs <see cref="SelfContained"/>; the build says so otherwise.
    /// </summary>
    public bool Trim { get; private init; }

    /// <summary>Returns a copy with <c>--trim</c> on or off.</summary>
    public CrossbuildSettings SetTrim(bool trim = true) => this with { Trim = trim };

    /// <summary>
    /// Whether each executable is one native file built with ILCompiler (<c>--aot</c>), as
    /// <c>dotnet publish -p:PublishAot=true</c>. Does not combine with <see cref="SingleFile"/> or <see cref="ReadyToRun"/>.
    /// </summary>
    public bool Aot { get; private init; }

    /// <summary>Returns a copy with <c>--aot</c> on or off.</summary>
    public CrossbuildSettings SetAot(bool aot = true) => this with { Aot = aot };

    /// <summary>What these settings ask executables to be written as; the engine checks the combination per target.</summary>
    public Targets.OutputMode OutputMode => new(SelfContained, SingleFile, ReadyToRun, Trim, Aot);

    /// <summary>
    /// Whether source generators' output is written beside what is built (<c>--emit-generated</c>, the SDK's
    /// <c>EmitCompilerGeneratedFiles</c>): <c>_generated/&lt;assembly&gt;/&lt;generator assembly&gt;/&lt;generator type&gt;/&lt;hint name&gt;</c>
    /// in the output folder, for every assembly an executable there contains.
    /// </summary>
    public bool EmitGenerated { get; private init; }

    /// <summary>Returns a copy with <c>--emit-generated</c> on or off.</summary>
    public CrossbuildSettings SetEmitGenerated(bool emit = true) => this with { EmitGenerated = emit };

    /// <summary>Whether the build must fail rather than change crossbuild.lock.json (<c>--locked</c>).</summary>
    public bool Locked { get; private init; }

    /// <summary>Returns a copy with <c>--locked</c> on or off.</summary>
    public CrossbuildSettings SetLocked(bool locked = true) => this with { Locked = locked };

    /// <summary>Whether to build every cell of crossbuild.json's <c>matrix</c> (<c>--matrix</c>) instead of <see cref="Runtimes"/>.</summary>
    public bool UseMatrix { get; private init; }

    /// <summary>Returns a copy that builds the module's matrix (or not).</summary>
    public CrossbuildSettings SetMatrix(bool useMatrix = true) => this with { UseMatrix = useMatrix };

    /// <summary>
    /// Whether the matched libraries' implementation assemblies and PDBs are kept in the result
    /// (<see cref="PackageResult.Image"/>), for packaging them (<c>crossbuild release</c>).
    /// </summary>
    public bool KeepLibraries { get; private init; }

    /// <summary>Returns a copy that keeps (or not) the matched libraries' assemblies in the result.</summary>
    public CrossbuildSettings SetKeepLibraries(bool keep = true) => this with { KeepLibraries = keep };

    /// <summary>Returns a copy that also builds for <paramref name="rids"/> (<c>-r a,b</c>).</summary>
    public CrossbuildSettings AddRuntimes(params string[] rids) => SetRuntimes([.. Runtimes, .. rids]);

    /// <summary>Returns a copy with <paramref name="tags"/> added to the build tags (<c>--tags</c>).</summary>
    public CrossbuildSettings AddTags(params string[] tags) => this with { Tags = ValidTags([.. Tags, .. tags.Where(t => !Tags.Contains(t))]) };

    private static string[] ValidTags(string[] tags)
    {
        foreach (var t in tags)
            if (!Constraints.ConstraintParser.IsValidTag(t))
                throw new CrossbuildException($"invalid tag \"{t}\" in --tags: a tag is letters, digits, '_' and '.'");
        return tags;
    }

    /// <summary>
    /// Returns a copy that writes every executable into <paramref name="directory"/> (<c>-o dir/</c>), in
    /// <c>&lt;rid&gt;/</c> folders when runtimes are given.
    /// </summary>
    public CrossbuildSettings SetOutputDirectory(string directory) =>
        SetOutput(Path.EndsInDirectorySeparator(directory) ? directory : directory + Path.DirectorySeparatorChar);

    /// <summary>Returns a copy that also embeds <paramref name="values"/>, each <c>[package:]key=value</c> (<c>-X</c>).</summary>
    public CrossbuildSettings AddValues(params string[] values) =>
        values.Aggregate(this, (s, v) => s.AddValue(BuildValue.Parse(v)));

    /// <summary>
    /// One copy per item of <paramref name="items"/>, each changed by <paramref name="configure"/>: Nuke's way to
    /// expand a matrix, e.g. <c>settings.CombineWith(["Debug", "Release"], (s, c) =&gt; s.SetConfiguration(c))</c>.
    /// </summary>
    public IReadOnlyList<CrossbuildSettings> CombineWith<T>(IEnumerable<T> items, Func<CrossbuildSettings, T, CrossbuildSettings> configure) =>
        items.Select(item => configure(this, item)).ToArray();

    /// <summary>
    /// The targets these settings name for <paramref name="module"/>, each with whether its outputs are RID-specific
    /// and the folder they go to under the output directory. This is <see cref="TargetResolver"/>'s answer, the
    /// one every verb and host gets: <c>--matrix</c> with runtimes is an error, and with <see cref="TargetNeeds.One"/>
    /// more than one target is an error naming them.
    /// </summary>
    public IReadOnlyList<ResolvedTarget> ResolveTargets(Module module, TargetNeeds needs = TargetNeeds.Any, string verb = "build") =>
        TargetResolver.Resolve(module.Manifest, TargetRequest, needs, verb);

    /// <summary>
    /// Every setting that can change what a build of these settings writes, one line each, for the up-to-date key
    /// of a build-script target (<see cref="CrossbuildTasks.Stamp"/>). Only <see cref="Jobs"/>,
    /// <see cref="CacheDirectory"/> and the remote cache are left out: they change how a build runs, not what it writes. With
    /// <see cref="Force"/> the key is new every time, so the target always runs.
    /// </summary>
    /// <param name="loaded">The build's load, whose resolved targets (the host's RID, the matrix cells) are part of it.</param>
    internal IEnumerable<string> StampLines(ModuleLoad loaded)
    {
        yield return $"tool {ToolVersion.Crossbuild} roslyn {ToolVersion.Roslyn} sdk {Env.DotnetEnvironment.Current.SdkDirectory}";
        yield return $"workdir {WorkingDirectory}";
        yield return $"patterns {string.Join(' ', Patterns)}";
        yield return $"runtimes {string.Join(',', Runtimes)}";
        yield return $"configuration {Configuration}";
        yield return $"tags {string.Join(',', Tags)}";
        yield return $"framework {Framework}";
        yield return $"matrix {UseMatrix}";
        foreach (var t in loaded.Targets)
            yield return $"target {t.Target} {t.Resolved.RidSpecific} {t.Resolved.Folder} {t.Resolved.Output}";
        yield return $"output {Output}";
        yield return $"trimpath {TrimPath}";
        yield return $"buildvcs {BuildVcs}";
        // Executables are stamped with git state only when written; then a new commit changes them.
        if (Output is not null && BuildVcs != BuildVcs.False && VcsStamp.Read(loaded.Module.Root, BuildVcs) is { } vcs)
            foreach (var v in vcs.Settings())
                yield return "vcs " + v;
        foreach (var v in Values) yield return $"value {v}";
        yield return $"version {Version}";
        yield return $"self-contained {SelfContained}";
        yield return $"single-file {SingleFile}";
        yield return $"output-mode {OutputMode}";
        yield return $"emit-generated {EmitGenerated}";
        yield return $"locked {Locked}";
        yield return $"keep-libraries {KeepLibraries}";
        if (Force) yield return $"force {Guid.NewGuid():N}";
    }

    /// <summary>The target flags of these settings, for the engine.</summary>
    internal TargetRequest TargetRequest => new(Framework, Runtimes, Configuration, Tags, UseMatrix) { Output = OutputMode };

    /// <summary>What the loader is asked for.</summary>
    internal LoadRequest LoadRequest => new(WorkingDirectory, Patterns, TargetRequest, CacheDirectory);

    /// <summary>What the planner needs besides the loaded targets.</summary>
    internal Plan.PlanOptions PlanOptions => new(TrimPath, KeepLibraries, Values) { Version = Version, EmitGenerated = EmitGenerated };
}
