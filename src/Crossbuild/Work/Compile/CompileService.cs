using System.Text;
using Crossbuild.Diagnostics;
using Crossbuild.Plan;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Crossbuild.Work.Compile;

/// <summary>
/// Compiles a package in process with Roslyn, as csc does under <c>dotnet build</c>: the SDK's options, generated
/// sources and source generators, against the framework's reference pack and the dependencies' reference assemblies.
/// </summary>
public static class CompileService
{
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// Compiles <paramref name="action"/>; <paramref name="references"/> are its dependencies' results,
    /// <paramref name="analyzers"/> those of the analyzer packages it loads (<see cref="CompileAction.Analyzers"/>).
    /// A cancelled <paramref name="cancellation"/> stops the compile with an <see cref="OperationCanceledException"/>.
    /// </summary>
    public static CompiledAssembly Compile(CompileAction action, IReadOnlyList<CompiledAssembly> references, IReadOnlyList<CompiledAssembly>? analyzers = null,
        CancellationToken cancellation = default)
    {
        var package = action.Package;
        var framework = FrameworkReferences.For(action.Target.Framework, action.SharedFrameworks.Select(f => f.Name).ToArray(), package.FullDir);
        // Exactly the symbols the cache key covers (see CompileIdentity), not every symbol the target defines.
        var parseOptions = SdkOptions.Parse(package.Settings, action.Target, action.Symbols);

        // A warm process parses only what changed since its last compile of the package.
        var trees = new SyntaxTree[package.Files.Count];
        Parallel.For(0, trees.Length, new ParallelOptions { MaxDegreeOfParallelism = trees.Length > 4 ? Environment.ProcessorCount : 1 },
            i => trees[i] = ParsedSources.Get(package, i, parseOptions));
        var texts = trees.Select(t => t.GetText().ToString()).ToArray();
        // Source-only packages' files, parsed as csc is given them from the global packages folder.
        var content = action.ContentSources.Select(path => CSharpSyntaxTree.ParseText(
            Load.SourceFile.SourceTextOf(Load.StaleSourceException.Read(path, null)), parseOptions, path)).ToArray();
        // Roslyn reads the key file itself when it signs: it must still be the key the identity names.
        if (package.Settings.Signing is { Sign: true, KeyFile: { } keyFile, KeyHash: { } keyHash })
            Load.StaleSourceException.Read(keyFile, keyHash);
        var generated = SdkSources.For(package, action.Target, action.Metadata, action.Version, action.Test)
            .Select(f => CSharpSyntaxTree.ParseText(SourceText.From(f.Text, Utf8, SourceHashAlgorithm.Sha256), parseOptions,
                Path.Combine(package.FullDir, f.Name)));

        var resolver = action.TrimPathRoot is { } root
            ? new SourceFileResolver([], null, [new KeyValuePair<string, string>(WithSeparator(root), "/_/")])
            : null;
        var nugetReferences = action.Packages.SelectMany(p => p.Compile).Concat(action.Test?.References ?? []).Select(PackageReference).ToArray();
        var (packageGenerators, packageAnalyzers) = AnalyzerLoading.LoadPackageAnalyzers(action.Packages.SelectMany(p => p.Analyzers).ToArray());
        // The module's analyzer packages come after NuGet packages' analyzers, as their ProjectReferences do in csc's /analyzer list.
        for (var i = 0; i < (analyzers?.Count ?? 0); i++)
        {
            var (g, a) = AnalyzerLoading.LoadModuleAnalyzer(analyzers![i].Name, analyzers[i].ImplementationHash, analyzers[i].Image, analyzers[i].PdbIfAvailable,
                action.Analyzers[i].Packages.SelectMany(p => p.Compile).ToArray());
            packageGenerators = [.. packageGenerators, .. g];
            packageAnalyzers = [.. packageAnalyzers, .. a];
        }
        SyntaxTree[] allTrees = [.. trees, .. content, .. generated];
        var configuration = AnalyzerConfiguration.For(action);
        var compilation = CSharpCompilation.Create(
            package.Name,
            allTrees,
            [.. framework.References, .. nugetReferences, .. references.Select(r => r.Reference)],
            SdkOptions.Compilation(package.Kind, package.Settings, action.Target, resolver, package.Name + ".dll").WithSyntaxTreeOptionsProvider(configuration.TreeOptions(allTrees))
                .WithMainTypeName(action.Test?.MainTypeName));

        var options = configuration.Options();
        ISourceGenerator[] generators = [.. GeneratorTriggers.Select(framework.Generators, texts), .. packageGenerators];
        // The package's driver from its last compile in this process, so incremental generators redo only what changed.
        var driverKey = action.Test is null ? package.FullDir : package.FullDir + "|test";
        var generatedDir = Path.Combine(package.FullDir, "generated");
        var driver = GeneratorDrivers.Take(driverKey, generators, configuration.AdditionalFiles, parseOptions, options, generatedDir);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var withGenerated, out var generatorDiagnostics, cancellation);
        GeneratorDrivers.Give(driverKey, generators, parseOptions, generatedDir, driver);
        var generatedSources = driver.GetRunResult().Results.SelectMany(GeneratedFiles).ToArray();

        var resourceDiagnostics = new List<BuildDiagnostic>();
        var resources = ResourceCompiler.For(package, null, resourceDiagnostics);
        using var pe = new MemoryStream();
        using var refPe = new MemoryStream();
        using var pdb = new MemoryStream();
        // csc always writes a Win32 version resource from the assembly attributes, and for an application its
        // default manifest (the SDK passes neither /win32res nor /win32manifest).
        var isApp = package.Kind == Load.PackageKind.Exe;
        using var manifest = isApp ? new MemoryStream(DefaultManifest.Bytes, writable: false) : null;
        using var win32 = withGenerated.CreateDefaultWin32Resources(versionResource: true, noManifest: !isApp, manifestContents: manifest, iconInIcoFormat: null);
        var result = withGenerated.Emit(pe, pdb, metadataPEStream: refPe, win32Resources: win32, options: SdkOptions.Emit(package.Name, action.Target.Framework), manifestResources: resources, cancellationToken: cancellation);
        // Packages' analyzers run as under dotnet build; their findings join the compiler's.
        var analyzerDiagnostics = packageAnalyzers.Count == 0 || !result.Success
            ? []
            : withGenerated.WithAnalyzers([.. packageAnalyzers], new AnalyzerOptions(configuration.AdditionalFiles, options))
                .GetAnalyzerDiagnosticsAsync(cancellation).GetAwaiter().GetResult();
        var diagnostics = Convert(configuration.Diagnostics.Concat(generatorDiagnostics).Concat(result.Diagnostics).Concat(analyzerDiagnostics), package.Dir);
        if (!result.Success || analyzerDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error) || resourceDiagnostics.Any(d => d.IsError))
            return new CompiledAssembly(package.Name, null, null, null, [.. resourceDiagnostics, .. diagnostics]);
        var image = pe.ToArray();
        var satellites = new List<(string, byte[])>();
        foreach (var culture in package.Cultures)
        {
            var satellite = SatelliteAssembly.Compile(package, action.Target, culture, image, ResourceCompiler.For(package, culture, resourceDiagnostics),
                framework, resourceDiagnostics);
            if (satellite is not null) satellites.Add((culture, satellite));
        }
        if (resourceDiagnostics.Any(d => d.IsError))
            return new CompiledAssembly(package.Name, null, null, null, [.. resourceDiagnostics, .. diagnostics]);
        return new CompiledAssembly(package.Name, image, refPe.ToArray(), pdb.ToArray(), [.. resourceDiagnostics, .. diagnostics])
        {
            Satellites = satellites,
            Generated = generatedSources,
        };
    }

    // A generator's sources by path in the SDK's layout. A method, not a nested lambda: a closure over the run result
    // (a Roslyn struct) would be a type that cannot load without Roslyn (see src/Crossbuild.Adapters).
    private static IEnumerable<(string Path, string Text)> GeneratedFiles(GeneratorRunResult run)
    {
        var type = run.Generator.GetGeneratorType();
        var prefix = $"{type.Assembly.GetName().Name}/{type.FullName}/";
        return run.GeneratedSources.Select(g => (prefix + g.HintName, g.SourceText.ToString()));
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, MetadataReference> PackageReferences = new(StringComparer.Ordinal);

    // One reference object per package assembly per process, so Roslyn reuses its bound symbols across compiles.
    private static MetadataReference PackageReference(string path) =>
        PackageReferences.GetOrAdd(path, p => MetadataReference.CreateFromFile(p));

    /// <summary>Drops the package assemblies' references (<see cref="WarmCaches.Trim"/>); the next compile binds them again.</summary>
    internal static void ForgetPackageReferences() => PackageReferences.Clear();

    private static string WithSeparator(string dir) =>
        dir.EndsWith(Path.DirectorySeparatorChar) ? dir : dir + Path.DirectorySeparatorChar;

    private static IReadOnlyList<BuildDiagnostic> Convert(IEnumerable<Diagnostic> diagnostics, string origin) =>
        diagnostics
            .Where(d => d.Severity is DiagnosticSeverity.Error or DiagnosticSeverity.Warning)
            .Distinct()
            .Select(d =>
            {
                var span = d.Location.IsInSource ? d.Location.GetMappedLineSpan() : default;
                var severity = d.Severity == DiagnosticSeverity.Error ? "error" : "warning";
                var message = d.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
                return span.IsValid && !string.IsNullOrEmpty(span.Path)
                    ? new BuildDiagnostic(severity, d.Id, message, span.Path, span.StartLinePosition.Line + 1,
                        span.StartLinePosition.Character + 1, origin)
                    : new BuildDiagnostic(severity, d.Id, message, null, 0, 0, origin);
            })
            .OrderBy(d => d.Path ?? "", StringComparer.Ordinal).ThenBy(d => d.Line).ThenBy(d => d.Column)
            .ThenBy(d => d.Code, StringComparer.Ordinal)
            .ToArray();
}
