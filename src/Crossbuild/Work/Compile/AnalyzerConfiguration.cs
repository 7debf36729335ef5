using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Text;
using Crossbuild.Adapters.Roslyn;
using Crossbuild.Load;
using Crossbuild.Plan;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Crossbuild.Work.Compile;

/// <summary>
/// A package's analyzer configuration, applied as csc applies its <c>/analyzerconfig</c> files: the package's
/// .editorconfig and .globalconfig files plus the SDK's generated <c>build_property</c> config, merged by Roslyn's
/// <see cref="AnalyzerConfigSet"/>; per-file severities for the compiler, per-file and global options for
/// generators and analyzers, and the additional files they read.
/// </summary>
internal sealed class AnalyzerConfiguration
{
    // Arrays, not ImmutableArray fields: a field of a generic struct over Roslyn's types would make this type load
    // Roslyn, and Crossbuild.dll's types must load without it (see src/Crossbuild.Adapters).
    private readonly AnalyzerConfigSet _set;
    private readonly Dictionary<string, AnalyzerConfigOptionsResult> _byPath = new(StringComparer.Ordinal);
    private readonly AdditionalText[] _additionalFiles;
    private Diagnostic[] _diagnostics;

    private AnalyzerConfiguration(AnalyzerConfigSet set, Diagnostic[] diagnostics, AdditionalText[] additionalFiles)
    {
        _set = set;
        _diagnostics = diagnostics;
        _additionalFiles = additionalFiles;
    }

    /// <summary>Problems in the config files (Roslyn's warnings, without a location, as csc reports them).</summary>
    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;

    /// <summary>The additional files, as Roslyn takes them.</summary>
    public ImmutableArray<AdditionalText> AdditionalFiles => ImmutableCollectionsMarshal.AsImmutableArray(_additionalFiles);

    /// <summary>Reads the configuration of <paramref name="action"/>'s package.</summary>
    public static AnalyzerConfiguration For(CompileAction action)
    {
        var package = action.Package;
        var configs = new List<AnalyzerConfig>();
        foreach (var c in package.AnalyzerInputs.Configs)
                    {
            // As csc reads it: UTF-8, a BOM dropped.
            using var reader = new StreamReader(new MemoryStream(Read(c)), Encoding.UTF8);
            configs.Add(AnalyzerConfig.Parse(SourceText.From(reader.ReadToEnd(), Encoding.UTF8), c.FullPath));
        }
        configs.Add(AnalyzerConfig.Parse(SdkConfig(action),
            Path.Combine(package.FullDir, "obj", package.Name + ".GeneratedMSBuildEditorConfig.editorconfig")));
        var set = AnalyzerConfigSet.Create(configs, out var diagnostics);
        var additional = package.AnalyzerInputs.AdditionalFiles
            .Select(f => (AdditionalText)new FileText(f.FullPath, Load.SourceFile.SourceTextOf(Read(f)))).ToArray();
        return new AnalyzerConfiguration(set, [.. diagnostics], additional);
    }

    // A config or additional file as the loader hashed it; a change since is a stale build, as for sources.
    private static byte[] Read(InputFile file) => StaleSourceException.Read(file.FullPath, file.Hash);

    /// <summary>
    /// The SDK's <c>GeneratedMSBuildEditorConfig.editorconfig</c>: the <c>CompilerVisibleProperty</c> values of a
    /// C# project, in the order the SDK's targets add them.
    /// </summary>
    public static string SdkConfig(CompileAction action)
    {
        var framework = action.Target.Framework;
        var web = action.Package.Settings.IsWeb;
        var dir = action.Package.FullDir.TrimEnd(Path.DirectorySeparatorChar);
        if (!framework.IsNetCoreApp)
            // The .NET analyzers' properties are .NET 5+ only; .NET Standard and .NET Framework projects have the SDK's own few.
            // An analyzer package is a generator project with EnforceExtendedAnalyzerRules, which Microsoft.CodeAnalysis.Analyzers reads.
            return Config([("RootNamespace", action.Package.RootNamespace), ("ProjectDir", dir + Path.DirectorySeparatorChar),
                ("EnableComHosting", ""), ("EnableGeneratedComInterfaceComImportInterop", ""), ("CsWinRTUseWindowsUIXamlProjections", "false"),
                ("EffectiveAnalysisLevelStyle", ""), ("EnableCodeStyleSeverity", ""),
                .. action.Package.Kind == Load.PackageKind.Analyzer ? [("EnforceExtendedAnalyzerRules", "true")] : Array.Empty<(string, string)>()]);
        List<(string, string)> properties =
        [
            ("TargetFramework", framework.Moniker), ("TargetFrameworkIdentifier", ".NETCoreApp"), ("TargetFrameworkVersion", "v" + framework.Version),
            ("TargetPlatformMinVersion", ""), ("UsingMicrosoftNETSdkWeb", web ? "true" : ""), ("ProjectTypeGuids", ""), ("InvariantGlobalization", ""),
            ("PlatformNeutralAssembly", ""), ("EnforceExtendedAnalyzerRules", ""), ("EntryPointFilePath", ""),
            ("_SupportedPlatformList", "Linux,macOS,Windows"), ("RootNamespace", action.Package.RootNamespace),
        ];
        // The Web SDK's Razor targets add RootNamespace a second time, then their own properties.
        if (web) properties.Add(("RootNamespace", action.Package.RootNamespace));
        properties.AddRange([("ProjectDir", dir + Path.DirectorySeparatorChar), ("EnableComHosting", ""), ("EnableGeneratedComInterfaceComImportInterop", "")]);
        if (web)
            properties.AddRange([("RazorLangVersion", framework.Version.ToString()), ("SupportLocalizedComponentNames", ""),
                ("GenerateRazorMetadataSourceChecksumAttributes", ""), ("MSBuildProjectDirectory", dir), ("_RazorSourceGeneratorDebug", "")]);
        properties.AddRange([("EffectiveAnalysisLevelStyle", framework.Version.ToString()), ("EnableCodeStyleSeverity", "")]);
        return Config(properties);
    }

    private static string Config(IEnumerable<(string Name, string Value)> properties)
    {
        var sb = new StringBuilder("is_global = true\n");
        foreach (var (name, value) in properties) sb.Append("build_property.").Append(name).Append(" = ").Append(value).Append('\n');
        return sb.ToString();
    }

    private AnalyzerConfigOptionsResult OptionsFor(string path)
    {
        lock (_byPath)
        {
            if (_byPath.TryGetValue(path, out var known)) return known;
            var result = _set.GetOptionsForSourcePath(path);
            _byPath[path] = result;
            if (!result.Diagnostics.IsEmpty) _diagnostics = [.. _diagnostics.Concat(result.Diagnostics).Distinct()];
            return result;
        }
    }

    /// <summary>The compiler's per-file severities for <paramref name="trees"/> (csc's CompilerSyntaxTreeOptionsProvider).</summary>
    public SyntaxTreeOptionsProvider TreeOptions(IEnumerable<SyntaxTree> trees) =>
        new TreeOptionsProvider(trees.ToDictionary(t => t, t => OptionsFor(t.FilePath)), _set.GlobalConfigOptions);

    /// <summary>The options generators and analyzers see: global ones, and per file for sources and additional files.</summary>
    public AnalyzerConfigOptionsProvider Options() =>
        new OptionsProvider(_set.GlobalConfigOptions.AnalyzerOptions, path => OptionsFor(path).AnalyzerOptions);
}
