using Microsoft.CodeAnalysis;

namespace Crossbuild.Work.Compile;

/// <summary>
/// Which of the reference pack's source generators can produce anything for a package. Each of them generates
/// only for members marked with its attribute, so when no source mentions the attribute's name (in any form:
/// <c>[GeneratedRegex]</c>, <c>GeneratedRegexAttribute</c>, an alias's target) the generator has nothing to do,
/// and loading and running it only costs time (about a second when the JIT is cold). Unknown generators always run.
/// </summary>
internal static class GeneratorTriggers
{
    private static readonly Dictionary<string, string[]> Triggers = new(StringComparer.Ordinal)
    {
        ["System.Text.RegularExpressions.Generator.RegexGenerator"] = ["GeneratedRegex"],
        ["System.Text.Json.SourceGeneration.JsonSourceGenerator"] = ["JsonSerializable"],
        ["Microsoft.Interop.LibraryImportGenerator"] = ["LibraryImport"],
        ["Microsoft.Interop.ComInterfaceGenerator"] = ["GeneratedComInterface"],
        ["Microsoft.Interop.ComClassGenerator"] = ["GeneratedComClass"],
        ["Microsoft.Interop.VtableIndexStubGenerator"] = ["VirtualMethodIndex"],
        ["Microsoft.Interop.JavaScript.JSImportGenerator"] = ["JSImport"],
        ["Microsoft.Interop.JavaScript.JSExportGenerator"] = ["JSExport"],
        // ASP.NET Core's reference pack (frameworkReferences); its PublicProgramSourceGenerator always runs.
        ["Microsoft.Extensions.Logging.Generators.LoggerMessageGenerator"] = ["LoggerMessage"],
        ["Microsoft.Extensions.Options.Generators.OptionsValidatorGenerator"] = ["OptionsValidator"],
        ["Microsoft.Extensions.Validation.ValidationsGenerator"] = ["AddValidation", "ValidatableType"],
    };

    /// <summary>The generators of <paramref name="all"/> that <paramref name="sources"/> can trigger.</summary>
    public static IReadOnlyList<ISourceGenerator> Select(IReadOnlyList<ISourceGenerator> all, IReadOnlyList<string> sources) =>
        all.Where(g => !Triggers.TryGetValue(g.GetGeneratorType().FullName ?? "", out var names) ||
                       names.Any(n => sources.Any(s => s.Contains(n, StringComparison.Ordinal))))
            .ToArray();
}
