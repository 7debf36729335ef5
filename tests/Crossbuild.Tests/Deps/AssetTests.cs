using System.Text.Json;
using Crossbuild.Tests.Support;
using Microsoft.CodeAnalysis;

namespace Crossbuild.Tests.Deps;

/// <summary>Assets per target: runtime-specific native files for each RID of a matrix, analyzers and generators.</summary>
public class AssetTests
{
    private static TestPackage Native() => new TestPackage("N", "1.0.0")
        .Lib("net8.0", "namespace N; public static class Lib { public static string Name => \"N\"; }")
        .File("runtimes/linux-x64/native/libn.so", "linux"u8.ToArray())
        .File("runtimes/linux-musl-x64/native/libn.so", "musl"u8.ToArray())
        .File("runtimes/win-x64/native/n.dll", "windows"u8.ToArray());

    [Fact]
    public void APortableAppCarriesEveryRuntimesNativeFilesUnderRuntimes()
    {
        using var m = new PackageModule("\"N\": \"1.0.0\"", "System.Console.WriteLine(N.Lib.Name);").With(Native());
        m.BuildAndRun().Should().Be("N");
        File.ReadAllText(m.Tree.Path("out/runtimes/linux-x64/native/libn.so")).Should().Be("linux");
        File.ReadAllText(m.Tree.Path("out/runtimes/win-x64/native/n.dll")).Should().Be("windows");
        using var deps = JsonDocument.Parse(File.ReadAllText(m.Tree.Path("out/app.deps.json")));
        var entry = deps.RootElement.GetProperty("targets").GetProperty(".NETCoreApp,Version=v10.0").GetProperty("N/1.0.0");
        entry.GetProperty("runtime").EnumerateObject().Select(p => p.Name).Should().Equal("lib/net8.0/N.dll");
        var targets = entry.GetProperty("runtimeTargets");
        targets.GetProperty("runtimes/linux-x64/native/libn.so").GetProperty("rid").GetString().Should().Be("linux-x64");
        targets.GetProperty("runtimes/win-x64/native/n.dll").GetProperty("assetType").GetString().Should().Be("native");
    }

    [Fact]
    public void EachRuntimeOfAMatrixGetsItsOwnNativeFilesFlat()
    {
        using var m = new PackageModule("\"N\": \"1.0.0\"", "System.Console.WriteLine(N.Lib.Name);").With(Native());
        LocalFeed.PackMuslHost(m.Tree);
        var build = m.Cli("build", "-r", "linux-x64,linux-musl-x64", "-o", "out/", "./app");
        build.ExitCode.Should().Be(0, build.StdErr);
        File.ReadAllText(m.Tree.Path("out/linux-x64/libn.so")).Should().Be("linux");
        // musl imports linux-x64 in the RID graph, but its own folder is nearer.
        File.ReadAllText(m.Tree.Path("out/linux-musl-x64/libn.so")).Should().Be("musl");
        File.Exists(m.Tree.Path("out/linux-x64/n.dll")).Should().BeFalse();
        File.Exists(m.Tree.Path("out/linux-musl-x64/n.dll")).Should().BeFalse();
        Directory.Exists(m.Tree.Path("out/linux-x64/runtimes")).Should().BeFalse();
        using var deps = JsonDocument.Parse(File.ReadAllText(m.Tree.Path("out/linux-x64/app.deps.json")));
        deps.RootElement.GetProperty("targets").GetProperty(".NETCoreApp,Version=v10.0/linux-x64").GetProperty("N/1.0.0")
            .GetProperty("native").EnumerateObject().Select(p => p.Name).Should().Equal("runtimes/linux-x64/native/libn.so");
        ProcessRunner.Run(m.Tree.Path("out/linux-x64/app"), m.Tree.Root).StdOut.Trim().Should().Be("N");
    }

    private const string GeneratorSource = """
        using System.Collections.Immutable;
        using Microsoft.CodeAnalysis;
        using Microsoft.CodeAnalysis.Diagnostics;

        [Generator]
        public sealed class HelloGenerator : IIncrementalGenerator
        {
            public void Initialize(IncrementalGeneratorInitializationContext context) =>
                context.RegisterPostInitializationOutput(c => c.AddSource("Hello.g.cs",
                    "namespace Gen { public static class Hello { public const string Text = \"generated\"; } }"));
        }

        [DiagnosticAnalyzer(LanguageNames.CSharp)]
        public sealed class WidgetAnalyzer : DiagnosticAnalyzer
        {
            private static readonly DiagnosticDescriptor Rule = new("TST001", "Widget", "type {0} is called Widget", "Test",
                DiagnosticSeverity.Warning, isEnabledByDefault: true);
            public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);
            public override void Initialize(AnalysisContext context)
            {
                context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
                context.EnableConcurrentExecution();
                context.RegisterSymbolAction(s =>
                {
                    if (s.Symbol.Name == "Widget") s.ReportDiagnostic(Diagnostic.Create(Rule, s.Symbol.Locations[0], s.Symbol.Name));
                }, SymbolKind.NamedType);
            }
        }
        """;

    [Fact]
    public void APackagesGeneratorsAndAnalyzersRunInTheCompile()
    {
        var roslyn = new[] { typeof(ISourceGenerator), typeof(Microsoft.CodeAnalysis.CSharp.CSharpCompilation) }
            .Select(t => (MetadataReference)MetadataReference.CreateFromFile(t.Assembly.Location)).ToArray();
        var analyzer = TestPackage.Compile("Tools.Analyzers", GeneratorSource, OutputKind.DynamicallyLinkedLibrary, roslyn);
        using var m = new PackageModule("\"Tools\": \"1.0.0\"", "System.Console.WriteLine(Gen.Hello.Text); class Widget { }")
            .With(new TestPackage("Tools", "1.0.0").File("analyzers/dotnet/cs/Tools.Analyzers.dll", analyzer));
        var build = m.Cli("build", "-o", "out/", "./app");
        build.ExitCode.Should().Be(0, build.StdErr);
        build.StdErr.Should().Contain("app/main.cs(1,49): warning TST001: type Widget is called Widget");
        ProcessRunner.Run(m.Tree.Path("out/app"), m.Tree.Root).StdOut.Trim().Should().Be("generated");
        // Analyzers are not runtime files.
        File.Exists(m.Tree.Path("out/Tools.Analyzers.dll")).Should().BeFalse();
    }
}
