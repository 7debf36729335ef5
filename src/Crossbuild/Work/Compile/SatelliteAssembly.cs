using System.Text;
using Crossbuild.Diagnostics;
using Crossbuild.Load;
using Crossbuild.Targets;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Crossbuild.Work.Compile;

/// <summary>
/// A culture's satellite assembly (<c>de/Name.resources.dll</c>), built as the SDK's
/// <c>CoreGenerateSatelliteAssemblies</c> builds it: the main assembly's version attributes read back as
/// <c>FileVersionInfo</c> reads them (the SDK's GetAssemblyAttributes), <c>AssemblyCulture</c>, and a csc run
/// against mscorlib, netstandard and System.Runtime only, with no PDB.
/// </summary>
internal static class SatelliteAssembly
{
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The satellite of <paramref name="package"/> for <paramref name="culture"/>, or null after errors.</summary>
    public static byte[]? Compile(Package package, Target target, string culture, byte[] mainImage, IReadOnlyList<ResourceDescription> resources,
        FrameworkReferences framework, List<BuildDiagnostic> diagnostics)
    {
        var name = package.Name + ".resources";
        var text = SdkSources.CodeFragment([.. Attributes(mainImage), ("System.Reflection.AssemblyCultureAttribute", culture)]);
        var parse = new CSharpParseOptions(LanguageVersion.Default).WithFeatures(SdkOptions.Parse(package.Settings, target, []).Features);
        var tree = CSharpSyntaxTree.ParseText(SourceText.From(text, Utf8, SourceHashAlgorithm.Sha256), parse,
            Path.Combine(package.FullDir, culture, name + ".cs"));
        var core = framework.References.Where(r => Path.GetFileName(r.Display) is "mscorlib.dll" or "netstandard.dll" or "System.Runtime.dll");
        var main = SdkOptions.Compilation(PackageKind.Lib, package.Settings, target);
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
                optimizationLevel: main.OptimizationLevel, deterministic: true, warningLevel: main.WarningLevel,
                generalDiagnosticOption: main.GeneralDiagnosticOption, specificDiagnosticOptions: main.SpecificDiagnosticOptions)
            .WithCryptoKeyFile(main.CryptoKeyFile).WithPublicSign(main.PublicSign).WithDelaySign(main.DelaySign)
            .WithStrongNameProvider(main.StrongNameProvider);
        var compilation = CSharpCompilation.Create(name, [tree], core, options);
        using var pe = new MemoryStream();
        var win32 = compilation.CreateDefaultWin32Resources(versionResource: true, noManifest: true, manifestContents: null, iconInIcoFormat: null);
        var result = compilation.Emit(pe, win32Resources: win32, manifestResources: resources);
        foreach (var d in result.Diagnostics.Where(d => d.Severity is DiagnosticSeverity.Error or DiagnosticSeverity.Warning))
            diagnostics.Add(new BuildDiagnostic(d.Severity == DiagnosticSeverity.Error ? "error" : "warning", d.Id,
                $"{culture} satellite: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}", null, 0, 0, package.Dir));
        return result.Success ? pe.ToArray() : null;
    }

    // The SDK's GetAssemblyAttributes over FileVersionInfo of the main assembly, whose Unix implementation reads
    // these attributes: empty values are left out; copyright and title default to " ", as the compiler's version
    // resource writes them; the informational version defaults to the assembly version.
    private static IEnumerable<(string Type, string Value)> Attributes(byte[] image)
    {
        var read = Common.AssemblyAttributes.Of(image);
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AssemblyCompanyAttribute"] = "", ["AssemblyCopyrightAttribute"] = " ", ["AssemblyDescriptionAttribute"] = "",
            ["AssemblyFileVersionAttribute"] = "", ["AssemblyInformationalVersionAttribute"] = read.AssemblyVersion.ToString(),
            ["AssemblyProductAttribute"] = "", ["AssemblyTitleAttribute"] = " ",
        };
        foreach (var key in values.Keys.ToArray())
            if (read.Strings.TryGetValue(key, out var v)) values[key] = v;
        if (!read.Strings.ContainsKey("AssemblyInformationalVersionAttribute") && values["AssemblyInformationalVersionAttribute"] == "0.0.0.0")
            values["AssemblyInformationalVersionAttribute"] = values["AssemblyFileVersionAttribute"];
        values["AssemblyVersionAttribute"] = read.AssemblyVersion.ToString();
        string[] order = ["AssemblyCompanyAttribute", "AssemblyCopyrightAttribute", "AssemblyDescriptionAttribute", "AssemblyFileVersionAttribute",
            "AssemblyInformationalVersionAttribute", "AssemblyProductAttribute", "AssemblyTitleAttribute", "AssemblyVersionAttribute"];
        return order.Where(t => values[t].Length > 0).Select(t => ("System.Reflection." + t, values[t])).ToArray();
    }
}
