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

    // The warning switches of a package, as the SDK's Csc task writes them, parsed by Roslyn's own command-line
    // parser so that every rule of csc holds (codes without a prefix, "nullable", nowarn over warnaserror, …).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, CSharpCompilationOptions> Warnings = new(StringComparer.Ordinal);

    /// <summary>The csc switches the SDK passes for <paramref name="settings"/>' warning options.</summary>
    public static IReadOnlyList<string> WarningSwitches(CompileSettings settings, TargetFramework framework)
    {
        // .NET 5 and later add CS8002 to NoWarn and SYSLIB0011 to WarningsAsErrors; .NET Standard and .NET Framework neither.
        var modern = framework.IsNetCoreApp;
        var switches = new List<string>
        {
            $"/warn:{settings.WarningLevel ?? DefaultWarningLevel(framework)}",
            "/nowarn:" + string.Join(',', ["1701", "1702", .. modern ? ["8002"] : Array.Empty<string>(), .. settings.NoWarn]),
        };
        if (settings.WarningsAsErrors) switches.Add("/warnaserror+");
        string[] errors = [.. modern ? ["SYSLIB0011"] : Array.Empty<string>(), .. settings.ErrorCodes];
        if (errors.Length > 0) switches.Add("/warnaserror+:" + string.Join(',', errors));
        if (settings.WarningsNotAsErrors.Count > 0) switches.Add("/warnaserror-:" + string.Join(',', settings.WarningsNotAsErrors));
        return switches;
    }

    // The SDK's WarningLevel default: the analysis level's major version for .NET 5 and later, 4 otherwise.
    private static int DefaultWarningLevel(TargetFramework framework) => framework.IsNetCoreApp && framework.Version.Major >= 5 ? framework.Version.Major : 4;

    private static CSharpCompilationOptions WarningOptions(CompileSettings settings, TargetFramework framework)
    {
        var switches = WarningSwitches(settings, framework);
        return Warnings.GetOrAdd(string.Join(' ', switches), _ =>
            CSharpCommandLineParser.Default.Parse([.. switches, "/nologo"], Environment.CurrentDirectory, null).CompilationOptions);
    }

    /// <summary>Parse options: <paramref name="symbols"/>, the package's language version and the SDK's features.</summary>
    public static CSharpParseOptions Parse(CompileSettings settings, Target target, IReadOnlyList<string> symbols) =>
        ParseOptionsFactory.Create(settings, target.Framework, symbols).WithFeatures(Features(settings, target.Framework));

    // csc's /features: a flag without a value is "true"; the SDK's interceptor namespaces come first, so a
    // project's own InterceptorsNamespaces replaces them as a later /features: does.
    private static IEnumerable<KeyValuePair<string, string>> Features(CompileSettings settings, TargetFramework framework)
    {
        var features = new Dictionary<string, string>(StringComparer.Ordinal);
        if (framework.IsNetCoreApp) features["InterceptorsNamespaces"] = InterceptorsNamespaces;
        // The Web SDK's Razor targets add this one for the Razor generator.
        if (settings.IsWeb) features["use-roslyn-tokenizer"] = "true";
        foreach (var f in settings.Features)
        {
            var parts = f.Split('=', 2);
            features[parts[0]] = parts.Length == 2 ? parts[1] : "true";
        }
        return features;
    }

    /// <summary>Compilation options for a package of <paramref name="kind"/>; <paramref name="moduleName"/> is its file name.</summary>
    public static CSharpCompilationOptions Compilation(PackageKind kind, CompileSettings settings, Target target,
        SourceReferenceResolver? sourceResolver = null, string? moduleName = null)
    {
        var warnings = WarningOptions(settings, target.Framework);
        return new CSharpCompilationOptions(
                kind != PackageKind.Exe ? OutputKind.DynamicallyLinkedLibrary
                : settings.WindowsGui ? OutputKind.WindowsApplication : OutputKind.ConsoleApplication,
                optimizationLevel: target.IsRelease ? OptimizationLevel.Release : OptimizationLevel.Debug,
                checkOverflow: settings.CheckForOverflowUnderflow,
                allowUnsafe: settings.AllowUnsafe,
                platform: Platform.AnyCpu,
                generalDiagnosticOption: warnings.GeneralDiagnosticOption,
                warningLevel: warnings.WarningLevel,
                specificDiagnosticOptions: warnings.SpecificDiagnosticOptions,
                concurrentBuild: true,
                deterministic: true,
                nullableContextOptions: Nullable(settings.Nullable))
            .WithSourceReferenceResolver(sourceResolver ?? SourceFileResolver.Default)
            .WithSigning(settings.Signing)
            // csc names the module after its output file: an executable is app.dll on .NET, not Roslyn's app.exe.
            .WithModuleName(moduleName);
    }

    // csc's /keyfile:, /publicsign+ and /delaysign+, with the strong-name provider csc itself uses.
    private static CSharpCompilationOptions WithSigning(this CSharpCompilationOptions options, SigningSettings signing) =>
        !signing.Sign
            ? options
            : options.WithCryptoKeyFile(signing.KeyFile)
                .WithPublicSign(signing.PublicSign)
                .WithDelaySign(signing.DelaySign ? true : null)
                .WithStrongNameProvider(new DesktopStrongNameProvider());

    /// <summary>Emit options: portable PDBs named after the assembly, as <c>/debug:portable</c> writes them.</summary>
    public static EmitOptions Emit(string assemblyName, TargetFramework? framework = null) =>
        new(debugInformationFormat: DebugInformationFormat.PortablePdb,
            pdbFilePath: assemblyName + ".pdb",
            fileAlignment: 512,
            highEntropyVirtualAddressSpace: true,
            // The SDK passes /subsystemversion:6.00 for .NET Framework only.
            subsystemVersion: framework is { IsNetFramework: true } ? SubsystemVersion.Create(6, 0) : default,
            includePrivateMembers: false); // applies to the reference assembly only, as /refout

    private static NullableContextOptions Nullable(string value) => value switch
    {
        "enable" => NullableContextOptions.Enable,
        "warnings" => NullableContextOptions.Warnings,
        "annotations" => NullableContextOptions.Annotations,
        _ => NullableContextOptions.Disable,
    };
}
