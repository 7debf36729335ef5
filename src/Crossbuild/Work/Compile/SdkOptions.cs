using System.Collections.Immutable;
using Crossbuild.Load;
using Crossbuild.Targets;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;

namespace Crossbuild.Work.Compile;

/// <summary>
/// The compiler options the .NET SDK passes to csc for a <c>Microsoft.NET.Sdk</c> project with the same settings:
/// <c>/warn:10 /nowarn:1701,1702,8002 /warnaserror+:SYSLIB0011 /checked- /deterministic+ /debug:portable
/// /filealign:512 /highentropyva+ /features:InterceptorsNamespaces=…</c>, with <c>/optimize</c> in Release.
/// </summary>
public static class SdkOptions
{
    /// <summary>The interceptor namespaces the SDK enables by default.</summary>
    public const string InterceptorsNamespaces = ";Microsoft.Extensions.Validation.Generated";

    private static readonly ImmutableDictionary<string, ReportDiagnostic> DefaultDiagnostics =
        new Dictionary<string, ReportDiagnostic>
        {
            ["CS1701"] = ReportDiagnostic.Suppress,
            ["CS1702"] = ReportDiagnostic.Suppress,
            ["CS8002"] = ReportDiagnostic.Suppress,
            ["SYSLIB0011"] = ReportDiagnostic.Error,
        }.ToImmutableDictionary();

    /// <summary>Parse options: <paramref name="symbols"/>, the package's language version and the SDK's features.</summary>
    public static CSharpParseOptions Parse(CompileSettings settings, Target target, IReadOnlyList<string> symbols) =>
        ParseOptionsFactory.Create(settings, target.Framework, symbols)
            .WithFeatures([new KeyValuePair<string, string>("InterceptorsNamespaces", InterceptorsNamespaces)]);

    /// <summary>Compilation options for a package of <paramref name="kind"/>.</summary>
    public static CSharpCompilationOptions Compilation(PackageKind kind, CompileSettings settings, Target target,
        SourceReferenceResolver? sourceResolver = null) =>
        new CSharpCompilationOptions(
                kind != PackageKind.Exe ? OutputKind.DynamicallyLinkedLibrary
                : settings.WindowsGui ? OutputKind.WindowsApplication : OutputKind.ConsoleApplication,
                optimizationLevel: target.IsRelease ? OptimizationLevel.Release : OptimizationLevel.Debug,
                checkOverflow: false,
                allowUnsafe: settings.AllowUnsafe,
                platform: Platform.AnyCpu,
                generalDiagnosticOption: settings.WarningsAsErrors ? ReportDiagnostic.Error : ReportDiagnostic.Default,
                warningLevel: 10,
                specificDiagnosticOptions: DefaultDiagnostics,
                concurrentBuild: true,
                deterministic: true,
                nullableContextOptions: Nullable(settings.Nullable))
            .WithSourceReferenceResolver(sourceResolver ?? SourceFileResolver.Default);

    /// <summary>Emit options: portable PDBs named after the assembly, as <c>/debug:portable</c> writes them.</summary>
    public static EmitOptions Emit(string assemblyName) =>
        new(debugInformationFormat: DebugInformationFormat.PortablePdb,
            pdbFilePath: assemblyName + ".pdb",
            fileAlignment: 512,
            highEntropyVirtualAddressSpace: true,
            includePrivateMembers: false); // applies to the reference assembly only, as /refout

    private static NullableContextOptions Nullable(string value) => value switch
    {
        "enable" => NullableContextOptions.Enable,
        "warnings" => NullableContextOptions.Warnings,
        "annotations" => NullableContextOptions.Annotations,
        _ => NullableContextOptions.Disable,
    };
}
