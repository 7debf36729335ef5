using Crossbuild.Load;
using Crossbuild.Targets;

namespace Crossbuild.Plan;

/// <summary>
/// One step of a build, as plain data: what to do and which actions' results it needs. The planner builds the
/// graph; one executor runs it (<see cref="Work.Executor"/>). Actions compare by reference.
/// </summary>
public abstract class BuildAction
{
    /// <summary>The actions whose results this one needs; they run first.</summary>
    public abstract IReadOnlyList<BuildAction> Inputs { get; }

    /// <summary>A short description for <c>-x</c> and <c>-n</c>, e.g. <c>compile cmd/hello</c>.</summary>
    public abstract string Describe();

    /// <inheritdoc/>
    public override string ToString() => Describe();
}

/// <summary>Compiles one package for one target into an assembly, a reference assembly and a PDB.</summary>
/// <param name="package">The package, as loaded for <paramref name="target"/>.</param>
/// <param name="target">The target.</param>
/// <param name="references">The compile actions of every package it depends on, transitively, dependencies first.</param>
/// <param name="metadata"><c>AssemblyMetadata</c> pairs to embed: build info and <c>-X</c> values.</param>
/// <param name="trimPathRoot">With <c>--trimpath</c>, the module root, which is mapped to <c>/_/</c>.</param>
/// <param name="needsImplementation">Whether an executable being written contains this package.</param>
public sealed class CompileAction(Package package, Target target, IReadOnlyList<CompileAction> references,
    IReadOnlyList<KeyValuePair<string, string>> metadata, string? trimPathRoot, bool needsImplementation) : BuildAction
{
    /// <summary>The package.</summary>
    public Package Package { get; } = package;

    /// <summary>The target.</summary>
    public Target Target { get; } = target;

    /// <summary>The compile actions of every package this one depends on, transitively, dependencies first.</summary>
    public IReadOnlyList<CompileAction> References { get; } = references;

    /// <summary><c>AssemblyMetadata</c> pairs to embed.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Metadata { get; } = metadata;

    /// <summary>With <c>--trimpath</c>, the directory mapped to <c>/_/</c>; otherwise null.</summary>
    public string? TrimPathRoot { get; } = trimPathRoot;

    /// <summary>
    /// Whether the implementation assembly and PDB are needed (an executable being written contains the package);
    /// otherwise a cache hit reads only the reference assembly.
    /// </summary>
    public bool NeedsImplementation { get; } = needsImplementation;

    /// <summary>
    /// The compile actions of the module's analyzer packages it loads (<c>analyzers</c>): their implementations run in
    /// its compile, so they are inputs, and their implementations' hashes are part of its key.
    /// </summary>
    public IReadOnlyList<CompileAction> Analyzers { get; init; } = [];

    /// <summary>
    /// The NuGet packages it compiles against (its own, the module's and those of what it imports, with their
    /// dependencies), selected for its framework: compile references and analyzers.
    /// </summary>
    public IReadOnlyList<Deps.PackageAssets> Packages { get; init; } = [];

    /// <summary>
    /// Source files of its own NuGet packages (the module's and its manifest's, with their dependencies; a content
    /// file's default <c>PrivateAssets</c> keeps it from flowing to importers): source-only packages' code.
    /// </summary>
    public IReadOnlyList<string> ContentSources { get; init; } = [];

    /// <summary>Those packages' <c>copyToOutput</c> content files, with their paths in an app's folder.</summary>
    public IReadOnlyList<(string FullPath, string OutputPath)> ContentCopies { get; init; } = [];

    /// <summary>The packages this package's manifest or the module's asks for directly, for deps.json.</summary>
    public IReadOnlyList<Deps.ResolvedPackage> DirectPackages { get; init; } = [];

    /// <summary>The preprocessor symbols the compile is given (<see cref="Targets.Target.CompileSymbols"/>), sorted.</summary>
    public IReadOnlyList<string> Symbols { get; init; } = [];

    /// <summary>A release's version, which overrides the manifests' in the generated assembly info; null for none.</summary>
    public string? Version { get; init; }

    /// <summary>For a test assembly, what its test framework's MSBuild files would add (entry point, hooks, references).</summary>
    public Test.TestHarness? Test { get; init; }

    /// <summary>The version of the framework reference pack it compiles against, resolved before planning.</summary>
    public string ReferencePack { get; init; } = "";

    /// <summary>
    /// The shared frameworks beyond Microsoft.NETCore.App it compiles against (its own <c>frameworkReferences</c> and
    /// those of what it imports, as the SDK flows them), each with its reference pack's version.
    /// </summary>
    public IReadOnlyList<(string Name, string PackVersion)> SharedFrameworks { get; init; } = [];

    /// <summary>
    /// Everything its output depends on but its references' reference assemblies (<see cref="CompileIdentity"/>):
    /// the planner's dedupe and the cache key both start from it.
    /// </summary>
    public string Identity
    {
        get => _identity ??= CompileIdentity.Of(Package, Target, Symbols, Metadata, TrimPathRoot, ReferencePack, Packages, Version, SharedFrameworks, ContentSources, Test);
        // The planner hands over the identity it already computed for the same inputs.
        internal init => _identity = value;
    }

    private string? _identity;

    /// <summary>The references this package imports directly; the rest of <see cref="References"/> are indirect.</summary>
    public IEnumerable<CompileAction> DirectReferences =>
        References.Where(r => Package.Imports.Contains(r.Package.Dir, StringComparer.Ordinal));

    /// <inheritdoc/>
    public override IReadOnlyList<BuildAction> Inputs => Analyzers.Count == 0 ? References : [.. References, .. Analyzers];

    /// <inheritdoc/>
    public override string Describe() => $"compile {Package.Dir} ({Package.Files.Count} files, {Target.Framework}) -> {Package.Name}.dll";
}

/// <summary>
/// Assembles an executable's files: its assembly, the libraries it uses, runtimeconfig.json, deps.json and the
/// native launcher for the target's RID.
/// </summary>
/// <param name="main">The executable package's compile action.</param>
/// <param name="target">The target.</param>
/// <param name="ridSpecific">Whether the RID was asked for (<c>-r</c>), which makes deps.json RID-specific.</param>
/// <param name="selfContained">Whether the app carries the runtime (<c>--self-contained</c>).</param>
/// <param name="singleFile">Whether the app is one file in the .NET bundle format (<c>--single-file</c>).</param>
public sealed class LinkAction(CompileAction main, Target target, bool ridSpecific = false, bool selfContained = false,
    bool singleFile = false) : BuildAction
{
    /// <summary>Whether the app's folder gets its assemblies' generated sources (<c>--emit-generated</c>).</summary>
    public bool EmitGenerated { get; init; }

    /// <summary>Whether the app is bundled into its launcher.</summary>
    public bool SingleFile { get; } = singleFile;

    /// <summary>Whether the app carries the runtime pack.</summary>
    public bool SelfContained { get; } = selfContained;

    /// <summary>Whether the RID was asked for explicitly, as with <c>dotnet build -r</c>.</summary>
    public bool RidSpecific { get; } = ridSpecific;

    /// <summary>The executable's compile action.</summary>
    public CompileAction Main { get; } = main;

    /// <summary>The NuGet packages the app carries, with their runtime assets for the target's RID (or every RID's, portable).</summary>
    public IReadOnlyList<Deps.PackageAssets> Packages { get; init; } = [];

    /// <summary>The target.</summary>
    public Target Target { get; } = target;

    /// <summary>With <c>--readytorun</c>, the precompiles of its assemblies whose images replace the IL ones.</summary>
    public IReadOnlyList<ReadyToRunAction> ReadyToRun { get; init; } = [];

    /// <summary>With <c>--trim</c>, the trim whose kept assemblies replace the app's managed files.</summary>
    public TrimAction? Trim { get; init; }

    /// <summary>
    /// For an untrimmed self-contained single-file app with <c>--readytorun</c>, the composite image whose components
    /// replace the app's managed files.
    /// </summary>
    public CompositeAction? Composite { get; init; }

    /// <summary>What the app is written as (the target's output mode).</summary>
    public Targets.OutputMode Output { get; init; } = Targets.OutputMode.Default;

    /// <summary>With <c>--aot</c>, the native compile whose executable is the app.</summary>
    public AotAction? Aot { get; init; }

    /// <inheritdoc/>
    public override IReadOnlyList<BuildAction> Inputs => _inputs ??=
        [Main, .. Main.References, .. ReadyToRun, .. new BuildAction?[] { Trim, Composite, Aot }.OfType<BuildAction>()];

    private IReadOnlyList<BuildAction>? _inputs;

    /// <inheritdoc/>
    public override string Describe() => $"link {Main.Package.Dir} for {Target.Runtime}";
}

/// <summary>Writes an executable's files into a directory, the launcher under <paramref name="appHostName"/>.</summary>
/// <param name="app">The link action whose files to write.</param>
/// <param name="directory">The destination directory.</param>
/// <param name="appHostName">The launcher's file name (the package name, or the base name of <c>-o</c>).</param>
public sealed class InstallAction(LinkAction app, string directory, string appHostName) : BuildAction
{
    /// <summary>The link action whose files to write.</summary>
    public LinkAction App { get; } = app;

    /// <summary>The destination directory.</summary>
    public string Directory { get; } = directory;

    /// <summary>The launcher's file name.</summary>
    public string AppHostName { get; } = appHostName;

    /// <inheritdoc/>
    public override IReadOnlyList<BuildAction> Inputs { get; } = [app];

    /// <inheritdoc/>
    public override string Describe() => $"install {App.Main.Package.Dir} -> {Path.Combine(Directory, AppHostName)}";
}

/// <summary>
/// Removes from <paramref name="directory"/> the files that earlier Crossbuild builds wrote there for these
/// executables and that this build no longer produces (a runtime dropped by framework-dependent, a package
/// removed, a satellite gone), as MSBuild's incremental clean does. Runs after every install into the directory.
/// </summary>
/// <param name="directory">The output directory.</param>
/// <param name="installs">Every install into it in this build.</param>
public sealed class PruneAction(string directory, IReadOnlyList<InstallAction> installs) : BuildAction
{
    /// <summary>The output directory.</summary>
    public string Directory { get; } = directory;

    /// <summary>The installs into it.</summary>
    public IReadOnlyList<InstallAction> Installs { get; } = installs;

    /// <inheritdoc/>
    public override IReadOnlyList<BuildAction> Inputs => Installs;

    /// <inheritdoc/>
    public override string Describe() => $"prune {Directory}";
}
