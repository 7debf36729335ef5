using Crossbuild.Targets;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Crossbuild.Load;

/// <summary>Builds Roslyn parse options for a package and target, as the .NET SDK would pass them to csc.</summary>
public static class ParseOptionsFactory
{
    /// <summary>The C# version the SDK picks for a framework when LangVersion is not set.</summary>
    public static LanguageVersion DefaultLanguageVersion(TargetFramework framework) => !framework.IsNetCoreApp
        ? framework.IsNetStandard && framework.Version.Minor >= 1 ? LanguageVersion.CSharp8 : LanguageVersion.CSharp7_3
        : framework.Version.Major switch
    {
        >= 10 => LanguageVersion.CSharp14,
        9 => LanguageVersion.CSharp13,
        8 => LanguageVersion.CSharp12,
        7 => LanguageVersion.CSharp11,
        6 => LanguageVersion.CSharp10,
        _ => LanguageVersion.CSharp9,
    };

    /// <summary>The effective language version for <paramref name="settings"/> on <paramref name="framework"/>.</summary>
    public static LanguageVersion LanguageVersionFor(CompileSettings settings, TargetFramework framework)
    {
        if (settings.LangVersion is null || !LanguageVersionFacts.TryParse(settings.LangVersion, out var v))
            return DefaultLanguageVersion(framework);
        return v.MapSpecifiedToEffectiveVersion();
    }

    /// <summary>Parse options with the target's preprocessor symbols and the package's language version.</summary>
    public static CSharpParseOptions Create(CompileSettings settings, Target target) =>
        Create(settings, target.Framework, target.PreprocessorSymbols);

    /// <summary>Parse options with <paramref name="symbols"/> and the package's language version for <paramref name="framework"/>.</summary>
    public static CSharpParseOptions Create(CompileSettings settings, TargetFramework framework, IEnumerable<string> symbols) =>
        new(LanguageVersionFor(settings, framework), DocumentationMode.None, SourceCodeKind.Regular, symbols);
}
