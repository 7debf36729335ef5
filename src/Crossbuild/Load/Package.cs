namespace Crossbuild.Load;

/// <summary>A package loaded for one target: its files after constraints, its kind, name, imports and syntax.</summary>
public sealed record Package
{
    /// <summary>Module-relative, '/'-separated directory; '.' for the root.</summary>
    public required string Dir { get; init; }

    /// <summary>The package root as a full path.</summary>
    public required string FullDir { get; init; }

    /// <summary>The assembly name.</summary>
    public required string Name { get; init; }

    /// <summary>exe or lib.</summary>
    public required PackageKind Kind { get; init; }

    /// <summary>The files compiled for the target, relative to <see cref="Dir"/>, sorted ordinally.</summary>
    public required IReadOnlyList<string> Files { get; init; }

    /// <summary>The full, normalized path of <see cref="Files"/>[<paramref name="index"/>] (an included file's has no "..").</summary>
    public string FullPath(int index) => Path.GetFullPath(Path.Combine(FullDir, Files[index]));

    /// <summary>The texts the loader happened to read (null where its facts cache answered instead).</summary>
    internal IReadOnlyList<string?> Preloaded { get; init; } = [];

    /// <summary>The SHA-256 of each of <see cref="Files"/>' bytes: what the build cache keys on.</summary>
    public required IReadOnlyList<string> Hashes { get; init; }

    /// <summary>
    /// Its test files (<c>_test.cs</c>), sorted: for a package, every one in its directory; for a test package, those
    /// build constraints select (its <see cref="Files"/> include them).
    /// </summary>
    public IReadOnlyList<string> TestFiles { get; init; } = [];

    /// <summary>
    /// For a test package (a test assembly: the package's sources with its test files, <c>&lt;name&gt;.Tests</c>), the
    /// Dir of the package it tests; null for every other package.
    /// </summary>
    public string? TestOf { get; init; }

    /// <summary>Whether this package has test files and no others: it exists only under <c>crossbuild test</c>.</summary>
    public bool IsTestOnly => TestOf is null && Files.Count == 0 && TestFiles.Count > 0 && Error is null;

    /// <summary>The .cs files excluded by build constraints, sorted.</summary>
    public required IReadOnlyList<string> IgnoredFiles { get; init; }

    /// <summary>The Dirs of the packages this one depends on, sorted.</summary>
    public required IReadOnlyList<string> Imports { get; init; }

    /// <summary>The resources it embeds (its .resx files and <c>embed</c> entries), in the order the SDK passes them.</summary>
    public IReadOnlyList<Resources.EmbeddedResource> Resources { get; init; } = [];

    /// <summary>Files copied into the output folder of every executable that uses the package (<c>copy</c>).</summary>
    public IReadOnlyList<CopiedFile> Copies { get; init; } = [];

    /// <summary>
    /// Every file this package's outputs depend on besides its sources: resources and the files .resx files link,
    /// analyzer configs, additional files, the signing key and copied files (the engine's up-to-date key lists them).
    /// </summary>
    public IEnumerable<string> OtherInputs =>
        Resources.SelectMany(r => (string[])[Path.GetFullPath(Path.Combine(FullDir, r.File)), .. r.Linked])
            .Concat(AnalyzerInputs.Configs.Concat(AnalyzerInputs.AdditionalFiles).Select(f => f.FullPath))
            .Concat(Settings.Signing.KeyFile is { } key ? [key] : [])
            .Concat(Copies.Select(c => c.FullPath));

    /// <summary>The analyzer config files and additional files its analyzers and generators read.</summary>
    public AnalyzerInputs AnalyzerInputs { get; init; } = AnalyzerInputs.None;

    /// <summary>The cultures of its satellite assemblies, in the order their resources first appear.</summary>
    public IReadOnlyList<string> Cultures => Resources.Where(r => r.Culture is not null).Select(r => r.Culture!).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>The package's error, if loading it failed.</summary>
    public string? Error { get; init; }

    /// <summary>The package's manifest (implicit when it has no crossbuild.json).</summary>
    public required PackageManifest Manifest { get; init; }

    /// <summary>Namespaces the package declares.</summary>
    public required IReadOnlyList<string> DeclaredNamespaces { get; init; }

    /// <summary>Symbols named by <c>[Conditional("…")]</c> attributes in the package, sorted.</summary>
    public IReadOnlyList<string> ConditionalSymbols { get; init; } = [];

    /// <summary>Preprocessor symbols its conditional directives read, sorted.</summary>
    public required IReadOnlyList<string> SymbolsRead { get; init; }

    /// <summary>Whether build constraints exclude every file for this target.</summary>
    public bool IsExcluded => Files.Count == 0 && Error is null;

    /// <summary>
    /// The Roslyn text of <see cref="Files"/>[<paramref name="index"/>], decoded and checksummed as csc does, checked
    /// against the hash the loader recorded so that a file edited mid-build never compiles under the old content's
    /// cache key.
    /// </summary>
    public Microsoft.CodeAnalysis.Text.SourceText ReadSource(int index)
    {
        // A plain UTF-8 file's text re-encodes to its exact bytes, so its checksum is csc's too.
        if (index < Preloaded.Count && Preloaded[index] is { } text)
            return Microsoft.CodeAnalysis.Text.SourceText.From(text, PlainUtf8, Microsoft.CodeAnalysis.Text.SourceHashAlgorithm.Sha256);
        var bytes = StaleSourceException.Read(FullPath(index), Hashes[index]);
        var (decoded, plain) = SourceFile.Decode(bytes);
        return plain
            ? Microsoft.CodeAnalysis.Text.SourceText.From(decoded, PlainUtf8, Microsoft.CodeAnalysis.Text.SourceHashAlgorithm.Sha256)
            : SourceFile.SourceTextOf(bytes);
    }

    private static readonly System.Text.Encoding PlainUtf8 = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// The preprocessor symbols this package's output depends on that <paramref name="target"/> defines, sorted:
    /// those its <c>#if</c>s read and those named by <c>[Conditional]</c> attributes in it or in
    /// <paramref name="references"/> (a call to such a method compiles only when its symbol is defined).
    /// </summary>
    public IEnumerable<string> SymbolsThatMatter(Targets.Target target, IEnumerable<Package> references) =>
        SymbolsRead.Concat(ConditionalSymbols).Concat(references.SelectMany(r => r.ConditionalSymbols))
            .Where(target.PreprocessorSymbolSet.Contains)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);

    /// <summary>
    /// The symbols a compile of this package is given: the target's <see cref="Targets.Target.CompileSymbols"/> for
    /// the symbols that matter, and the manifest's <c>defines</c>, always (as the SDK passes <c>DefineConstants</c>).
    /// </summary>
    public IReadOnlyList<string> CompileSymbols(Targets.Target target, IEnumerable<Package> references) =>
        [.. target.CompileSymbols(SymbolsThatMatter(target, references)).Union(Settings.Defines).Order(StringComparer.Ordinal)];

    /// <summary>
    /// Every preprocessor symbol this package's code sees on <paramref name="target"/>, sorted: the target's and the
    /// manifest's <c>defines</c>. A compile is given only those that matter (<see cref="CompileSymbols"/>), which
    /// decide every <c>#if</c> the same way; editors' projects (<c>crossbuild ide</c>) and <c>list --json</c> show all.
    /// </summary>
    public IReadOnlyList<string> VisibleSymbols(Targets.Target target) =>
        [.. target.PreprocessorSymbols.Union(Settings.Defines).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>
    /// The shared frameworks beyond Microsoft.NETCore.App a compile of this package uses: its own, those of
    /// <paramref name="references"/> (what it imports, transitively) and those its NuGet packages' nuspecs name
    /// (<paramref name="fromPackages"/>), in a fixed order; names no shared framework of the SDK's have are left out, as
    /// the SDK knows no pack for them.
    /// </summary>
    public IReadOnlyList<string> SharedFrameworks(IEnumerable<Package> references, IEnumerable<string>? fromPackages = null)
    {
        var names = Settings.FrameworkReferences.Concat(references.SelectMany(r => r.Settings.FrameworkReferences))
            .Concat((fromPackages ?? []).Select(n => Targets.SharedFramework.Find(n)?.Name).OfType<string>())
            .ToHashSet(StringComparer.Ordinal);
        return Targets.SharedFramework.Referenceable.Where(f => names.Contains(f.Name)).Select(f => f.Name).ToArray();
    }

    /// <summary>The root namespace: the manifest's <c>rootNamespace</c>, else the assembly name, as the SDK defaults it.</summary>
    public string RootNamespace => Settings.RootNamespace ?? Name;

    /// <summary>The compile settings in effect.</summary>
    public CompileSettings Settings => Manifest.Settings;
}

/// <summary>
/// A source file whose content no longer matches what the loader recorded: it changed during the build, or the
/// facts cache was fooled by a file replaced with the same size and mtime. The build stops and forgets its facts.
/// </summary>
public sealed class StaleSourceException(string message) : Diagnostics.CrossbuildException(message)
{
    /// <summary>
    /// The bytes of <paramref name="path"/>, an input of a compile, checked against <paramref name="hash"/>, the
    /// hash the loader recorded (null: only read): a file gone or changed since is this exception.
    /// </summary>
    public static byte[] Read(string path, string? hash)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StaleSourceException($"{path}: cannot read it any more ({e.Message}); build again");
        }
        if (hash is not null && Common.ContentHash.Of(bytes) != hash)
            throw new StaleSourceException($"{path}: changed during the build; build again");
        return bytes;
    }
}
